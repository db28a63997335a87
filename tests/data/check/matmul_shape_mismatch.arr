let a = zeros([3, 4])
let b = zeros([3, 4])
out c = matmul(a, b)
