let a = zeros([3, 2])
out b = a[..., ...]
