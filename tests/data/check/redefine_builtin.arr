fn exp(x) = x * 2
out a = exp(1)
