var a = zeros([3])
a = zeros([4])
out a
