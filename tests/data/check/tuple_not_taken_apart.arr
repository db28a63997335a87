fn f(a) = (a, a * 2)
out x = f(1)
