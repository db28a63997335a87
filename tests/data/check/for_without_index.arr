var s = 0
for in 0..3 { s = s + 1 }
out s
