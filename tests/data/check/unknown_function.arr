let a = zeros([4])
out b = sine(a)
