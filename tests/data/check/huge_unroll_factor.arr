var s = 0
loop i in 0..10 unroll 1000000000 { s = s + 1 }
out s
