let a = zeros([20000, 10000])
let b = a + 1
let c = b + 1
let d = c + 1
out s = sum(a) + sum(b) + sum(c) + sum(d)
