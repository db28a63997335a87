# kind: semantic
# message: step
let a = zeros([4])
out b = a[::0]
