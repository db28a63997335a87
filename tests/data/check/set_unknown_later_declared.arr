param a = b + 1
param b = 2
out x = zeros([a])
