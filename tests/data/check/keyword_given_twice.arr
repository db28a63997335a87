let a = zeros([3, 2])
out s = pad(a, 1, pad_width=2)
