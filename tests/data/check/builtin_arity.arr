out a = sqrt(1, 2)
