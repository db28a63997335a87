var u = zeros([4])
let s = var(u)
