# kind: semantic
# message: scalar
input n: [2]
var s = 0
loop i in 0..n { s = s + 1 }
out s
