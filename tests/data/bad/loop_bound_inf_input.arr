# kind: runtime
# message: the bounds of this `loop` must be integers
# input: n=inf
input n
var s = 0
loop i in 0..n { s = s + 1 }
out s
