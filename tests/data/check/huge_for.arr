var s = 0
for i in 0..1000000000 { s = s + 1 }
out s
