var u = zeros([3, 3])
u[0, 3] = 2
out u
