# cumsum is a scan, linear in the axis and in NumPy's order (the bits must equal
# numpy.cumsum): a long axis of 100,000 signed values, both axes of a matrix, axis=-1,
# the middle axis of a cube, the flattened array, a fused operand, and cumsums inside a
# scope (the `loop` form reads the index at run time).
# tolerance: exact
input long: [100000]
input m: [3, 4]
input cube: [2, 3, 4]

out long_sum = cumsum(long)
out rows = cumsum(m, 0)
out cols = cumsum(m, 1)
out last = cumsum(m, axis=-1)
out flat = cumsum(m)
out middle = cumsum(cube, 1)
out fused = cumsum(m * 3 - cube[1], axis=0)

var acc = zeros([3, 4])
for i in 0..3 {
    acc = cumsum(acc + m * i, 1)
    acc = cumsum(acc, 0) * 0.5
}
out acc
