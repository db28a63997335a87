input x
param n = int(x)
