let c = zeros([3])
let a = zeros([4])
out w = where(c, a, 1)
