let a = zeros([3])
out b = broadcast(a, [4, 5])
