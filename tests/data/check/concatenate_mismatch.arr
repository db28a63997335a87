let a = zeros([3, 2])
out c = concatenate([a, zeros([2, 3])], 0)
