# Found by tools/difftest (issue 22): NumPy's `a[...] = value` drops the value's leading
# axes of length 1 (`v[0:3] = ones([1, 3])`); they were refused.
var v = zeros([4])
v[0:3] = ones([1, 3])
v[1:] += [0.5, 0.25, 0.125]
var g = zeros([2, 3], i64)
g[1] = [[7, 8, 9]]
g[:, ::2] = reshape([1, 2, 3, 4], [1, 2, 2])
out v
out g
