fn f(x) = x * 2
out s = f(x=3)
