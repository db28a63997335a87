let u = zeros([4, 3])
out n = sum(u) / u.size
