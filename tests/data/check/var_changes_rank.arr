var a = zeros([3])
a = zeros([2, 3])
out a
