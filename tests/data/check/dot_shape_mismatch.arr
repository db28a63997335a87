let a = zeros([3])
let b = zeros([4])
out c = dot(a, b)
