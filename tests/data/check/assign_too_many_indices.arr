var u = zeros([3])
u[0, 1] = 2
out u
