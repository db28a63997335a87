param n = 4
n = 5
out a = zeros([n])
