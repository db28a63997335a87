fn f(a,) = a
out b = f(1)
