# Found by tools/difftest (issue 22): `abs`, `floor` and `ceil` of bools are bools,
# unchanged, as NumPy's bool loops give (they were refused).
let m = [True, False, True]
out absolute = abs(m)
out floored = floor(m)
out ceiled = ceil(m)
out scalar = abs(1 > 2)
out mixed = floor(m) + 1
