# stage: run
# input: n=2.5
input n
var s = 0
loop i in 0..n { s = s + 1 }
out s
