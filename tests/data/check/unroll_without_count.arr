var s = 0
loop i in 0..4 unroll { s = s + 1 }
out s
