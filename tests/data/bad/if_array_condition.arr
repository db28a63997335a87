# kind: semantic
# message: scalar
var s = 0
if zeros([2]) { s = 1 }
out s
