# int64 as NumPy has it: conversions truncate toward zero, `//` and `%` take the divisor's
# sign (and give 0 for a zero divisor), overflow wraps, `/` is float64, int powers stay
# int64, sums of ints are int64 and means float64. Literals are float64 Python scalars
# still: `i64(7)` is an int64 scalar.
# tolerance: exact
input u: [8]
input v: [8]
let a = i64(u * 3.0)
let b = astype(v * 2.0, i64)
out fdiv = a // b
out rem = a % b
out add = a + b
out mul = a * i64(7)
out div = a / b
out neg = -a
out ab = abs(a)
out cube = a ^ i64(3)
out sq = a ^ 2
out mx = maximum(a, b)
out mixed = a + 0.5
out half = a * f32(1.5)
out cmp = a > b
out total = sum(a)
out mean = mean(a)
out big = i64(u * 0.0 + 9.0e18) * i64(2)
out counted = sum(u > 0.0) + i64(1)
out trunc = int(u * 1.5)
out ar = arange(i64(4))
out back = f64(a) * 0.5
