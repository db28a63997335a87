# stage: run
# input: n=nan
input n
var s = 0
loop i in 0..n { s = s + 1 }
out s
