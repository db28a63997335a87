out a = arange(0, 5, 0)
