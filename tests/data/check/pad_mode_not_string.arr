let a = zeros([3])
out p = pad(a, 1, 2)
