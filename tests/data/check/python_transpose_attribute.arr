let a = zeros([2, 3])
out t = a.T
