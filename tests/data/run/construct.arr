# Constructors: zeros, ones, full, linspace, arange with one and three arguments.
# tolerance: exact
param n = 5

out z = zeros([2, 3])
out o = ones([4])
out f = full([3, 2], 2.5)
out f_neg = full([2, 2, 2], -0.1)
out lin = linspace(0, 1, 5)
out lin_third = linspace(-1, 2, 10)
out lin_down = linspace(2, -3, n)
out lin_one = linspace(3, 7, 1)
out ar = arange(n)
out ar_step = arange(2, 11, 3)
out ar_neg = arange(5, -1, -2)
out ar_frac = arange(0, 1, 0.25)
out ar_tenth = arange(0, 1, 0.1)
