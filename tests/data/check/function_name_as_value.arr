fn f(x) = x + 1
out a = f + 1
