var u = zeros([3, 3])
u[1][0] = 2
out u
