fn f(x) = x
param n = f(2)
