# Slicing with constant bounds: NumPy semantics, views, an empty result, chained slices.
# tolerance: exact
let v = arange(8) * 1.5
let m = reshape(arange(20), [4, 5])
out inner = v[1:-1]
out even = v[::2]
out odd = v[1::2]
out rev = v[::-1]
out rev_step = v[-2:1:-2]
out tail = v[-3:]
out head = v[:3]
out clamp = v[2:100]
out empty = v[3:1]
out chained = v[1:][::2]
out cols = m[:, 2:]
out sub = m[1:3, ::2]
out mrev = m[::-1, ::-1]
out stencil = m[1:-1, 1:-1] * 2 + m[:-2, 1:-1] - m[2:, :-2]
out reshaped = reshape(v[::2], [2, 2])
out col_sum = sum(m[:, 1:3], 0)
out slice_scalar = v[2:5][1]
