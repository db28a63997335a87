let a = zeros([3, 4])
let b = ones([5])
out c = a + b
