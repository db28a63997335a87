fn add(x, y) = x + y
out a = add(1, 2, 3)
