param n = 3037000500
out square = n * n
