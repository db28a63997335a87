input n
var s = 0
for i in 0..n { s = s + 1 }
out s
