# + - * / % ^ and unary minus; % follows NumPy's sign convention (the divisor's sign).
# tolerance: exact
let a = [-7, -3.5, -1, 0, 2, 5.5, 7]
let b = [3, -2, 2, -3, 3, -2, 2.5]
out add = a + b
out sub = a - b
out mul = a * b
out div = a / b
out rem = a % b
out rem_pos = a % 3
out rem_neg = a % -3
out rem_num = 7.5 % b
out rem_frac = [-0.75, 0.75, 2.25] % 0.5
out neg = -a
out neg_neg = -(-b)
out sq = a ^ 2
out mix = (a + 1) * (b - 2) / 4 - -a
out scalar = 7 % -2 + -7 % 2 + 1 / 8
