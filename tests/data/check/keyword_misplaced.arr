let a = zeros([3, 2])
out s = pad(a, mode="edge", pad_width=1)
