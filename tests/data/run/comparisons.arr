# == != < <= > >= (1.0 / 0.0) and the logic operators && || ! on any non-zero value.
# tolerance: exact
let a = [1, 2, 3, 4, -1]
let b = [4, 2, 1, 4, 0]
out eq = a == b
out ne = a != b
out lt = a < b
out le = a <= b
out gt = a > b
out ge = a >= b
out lt_bc = reshape([1, 2, 3], [3, 1]) < [0, 2, 5]
out cmp_scalar = a >= 2
out and_ = [0, 1, 2, -0.5] && [1, 1, 0, 3]
out or_ = [0, 0, 2, -0.5] || [0, 1, 0, 0]
out not_ = ![0, 1, -2, 0.5]
out range = a > 1 && a < 4 || a == -1
out not_cmp = !a == 0
out arith = (a > 1) * 10 + (b == 4)
out s = 3 > 2
out s2 = !(2 <= 1) && 0.5
