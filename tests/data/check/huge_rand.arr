out a = sum(rand([50000, 50000], 1))
