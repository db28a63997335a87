# Exactly-defined edge cases: % on large, tiny and infinite operands (NumPy's fmod-based
# remainder), round/floor/ceil near ties and of huge values, signed zeros in comparisons.
# tolerance: exact
let inf = 1 / 0
out rem_big = [1e17, -1e17, 5.3, -5.3, 1e-300, 0.3, -0.3] % [3, 3, 0.1, 0.1, 7, 0.1, 0.1]
out rem_inf = [5, -5, 0] % inf
out rem_of_inf = inf % 3
out rem_neg_div = [1e17, 5.3, 1e-300] % [-3, -0.1, -7]
out ro = round([0.49999999999999994, -0.49999999999999994, 4503599627370497, 2.5e15 + 0.5, -3.5, 1e300])
out fl = floor([-0.5, 1e300, -4503599627370497, 0.9999999999999999])
out ce = ceil([-0.5, 1e300, 4503599627370495.5, 1.0000000000000002])
out zero_eq = (0 * -1) == 0
out zero_lt = (0 * -1) < 0
out inf_cmp = [inf, -inf] > 1e308
out sg = sign([inf, -inf, -0.0 * 1, 1e-300])
out ab = abs([-inf, -1e-300, -0.0 * 1])
