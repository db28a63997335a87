let a = zeros([3])
out b = zero_like(a)
