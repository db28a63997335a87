let u = zeros([4])
out s = u.sum()
