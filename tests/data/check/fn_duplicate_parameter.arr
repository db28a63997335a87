fn f(x, x) = x
out a = f(1, 2)
