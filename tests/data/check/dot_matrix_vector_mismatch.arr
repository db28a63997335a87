let a = zeros([3])
let m = zeros([3, 4])
out c = dot(m, a)
