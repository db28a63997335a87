out a = b + 1
