let a = zeros([6])
out r = a.reshape([2, 3])
