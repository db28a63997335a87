let u = zeros([4, 3])
let n = u.shape
out n = n
