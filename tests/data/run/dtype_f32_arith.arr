# float32 arithmetic bit for bit as NumPy's: Python scalars stay weak (NEP 50), a float64
# operand promotes to float64.
# tolerance: exact
input u: [8]
input v: [8]
let a = f32(u)
let b = astype(v, f32)
out add = a + b
out sub = a - b
out mul = a * b
out div = a / b
out rem = a % b
out fdiv = a // b
out weak = a * 0.1 + 1.0 / 3.0
out mixed = a * v
out sq = a ^ 2
out root = sqrt(abs(a))
out lo = minimum(a, b)
out hi = maximum(a, 0.5)
out neg = -a
out direct = a * 0.5
out fl = floor(a)
out sel = where(a > b, a, b * 2.0)
out clipped = clip(a, -1.0, 1.0)
out sel_weak = where(a > 0, a, 0.5)
out sel_weak2 = where(a > 0, 2.0, 0.5)
