# Exactly-rounded elementwise builtins: abs floor ceil round (half to even) sign sqrt
# minimum maximum clip where.
# tolerance: exact
let x = [-2.5, -1.5, -0.5, 0, 0.5, 1.5, 2.5, 3.7, -3.7, 2.4]
out ab = abs(x)
out fl = floor(x)
out ce = ceil(x)
out ro = round(x)
out sg = sign(x)
out sq = sqrt([0, 1, 2, 9, 0.25, 1e-4])
out mn = minimum(x, 0.7)
out mx = maximum(x, -x / 2)
out mn_bc = minimum(reshape([0, 1, 2], [3, 1]), [2, 0.5, -1, 1.5])
out mx_bc = maximum([[1, 5], [7, -2]], [3, 0])
out cl = clip(x, -1, 2)
out cl_arr = clip(x, x / 2 - 0.25, 1)
out wh = where(x > 0, x, -x * 2)
out wh_truthy = where([1, 0, 2, -0.5], [10, 20, 30, 40], -1)
out wh_bc = where(reshape([1, 0], [2, 1]), [1, 2, 3], [[7], [8]])
