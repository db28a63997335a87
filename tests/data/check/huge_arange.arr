out a = sum(arange(0, 1e15, 1))
