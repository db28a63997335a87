# kind: semantic
# message: out of range
let a = zeros([3])
out b = a[3]
