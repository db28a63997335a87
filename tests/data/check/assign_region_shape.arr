var u = zeros([5, 4])
u[1:-1, :] = ones([3, 3])
out u
