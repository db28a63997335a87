let a = zeros([2, 2, 2])
out c = dot(a, a)
