# roll: positive, negative, zero, larger than the axis, along axis 1 and a negative axis;
# without an axis, the flattened array (as numpy.roll).
# tolerance: exact
let v = arange(5)
out r_pos = roll(v, 2, 0)
out r_neg = roll(v, -1, 0)
out r_zero = roll(v, 0, 0)
out r_big = roll(v, 7, 0)
out r_big_neg = roll(v, -12, 0)
let m = reshape(arange(12), [3, 4])
out rm_axis1 = roll(m, 1, 1)
out rm_axis0 = roll(m, -1, 0)
out rm_neg_axis = roll(m, 3, -1)
out rm_both = roll(roll(m, 1, 0), -2, 1)
out r_diff = m - roll(m, 1, 1)
out r_flat = roll(v, -1)
out rm_flat = roll(m, 5)
out rm_flat_fused = roll(m * 2 + 1, -7)
