# Reductions whose outputs are contiguous along their last dimension are computed eight
# outputs at a time (running values in vector registers, the reduced loop inside); each
# output still adds its elements one by one in order, so these match NumPy's axis-0
# reductions to the bit. Widths that leave whole blocks, a pair and a single output; sum,
# mean, min and max (with a NaN), prod, a middle axis of rank 3, a fused operand, and
# products of matrices (NumPy's BLAS order, docs/language.md; `transpose(a) @ a` against
# NumPy's `dgemm`, as NumPy's `dsyrk` is not followed).
# tolerance: exact
input data: [300, 19]
input near_one: [40, 5]
input cube: [5, 6, 11]
input a: [13, 9]
input b: [9, 21]
input v: [9]

out col_sum = sum(data, 0)
out col_mean = mean(data, axis=0)
out col_min = min(data, 0)
out col_max = max(data, 0)
out col_prod = prod(near_one, 0)
out narrow = sum(data[:, 0:3], 0)
out fused = sum(data * 2 - data[0], 0)
out middle = sum(cube, 1)
out first = max(cube, 0)
out ab = a @ b
out bv = v @ b
out gram = transpose(a) @ a
