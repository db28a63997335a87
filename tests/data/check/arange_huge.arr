out a = arange(1e15)
