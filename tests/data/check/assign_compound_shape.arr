var u = zeros([3])
u[1:] += ones([3])
out u
