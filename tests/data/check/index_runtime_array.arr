let a = zeros([4])
let b = zeros([2])
out c = a[b]
