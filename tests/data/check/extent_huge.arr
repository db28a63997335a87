out a = zeros([1e300])
