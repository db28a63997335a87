fn fact(n) = n * fact(n - 1)
out a = fact(3)
