out a = zeros([3]) + zeros([4])
