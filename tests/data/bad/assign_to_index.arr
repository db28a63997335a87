# kind: syntax
# message: only a name
var a = zeros([3])
a[1] = 2
out a
