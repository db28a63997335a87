fn f(None) = 1
out a = f(2)
