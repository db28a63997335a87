let u = zeros([4, 3])
out f = u.flatten()
