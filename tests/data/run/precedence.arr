# Operator precedence and associativity.
# tolerance: exact
let a = [10, 20, 30]
let b = [1, 2, 3]
let c = [0.5, 4, -2]
out neg_pow = -2^2
out pow_right = 2^3^2
out sub_left = 10 - 4 - 3
out div_left = 100 / 10 / 5
out mul_pow = 2 + 3 * 4^2
out parens = (2 + 3) * 4
out logic = 1 + 2 < 4 && 5 > 6 || 1
out rem_mul = 17 % 5 * 2
out neg_rem = -3 % 5
out mul_neg = 2 * -3
out pow_neg_exp = 2^-1
out arr_sub = a - b - c
out arr_div = a / b / c
out arr_mix = a - b * c ^ 2 / 4 + -b
out cmp_arith = (a - 15 > b * 5) == (c < 1)
