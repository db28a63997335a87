var u = zeros([5, 4])
u[zeros([3]) > 0] = 1
out u
