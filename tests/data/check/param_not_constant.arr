let n = 4
param m = n * 2
out a = zeros([m])
