let a = ones([2, 1])
out b = hstack((a, a))
