let a = zeros([3, 3])
out c = dot(a, a)
