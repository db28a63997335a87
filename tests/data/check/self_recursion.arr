fn f(x) = f(x) + 1
out a = f(1)
