# float32 arithmetic bit for bit as NumPy's: Python scalars stay weak (NEP 50), a float64
# operand promotes to float64.
# tolerance: exact
input u: [8]
input v: [8]
let a = f32(u)
let b = astype(v, f32)
out add = f64(a + b)
out sub = f64(a - b)
out mul = f64(a * b)
out div = f64(a / b)
out rem = f64(a % b)
out fdiv = f64(a // b)
out weak = f64(a * 0.1 + 1.0 / 3.0)
out mixed = a * v
out sq = f64(a ^ 2)
out root = f64(sqrt(abs(a)))
out lo = f64(minimum(a, b))
out hi = f64(maximum(a, 0.5))
out neg = f64(-a)
out fl = f64(floor(a))
out sel = f64(where(a > b, a, b * 2.0))
out clipped = f64(clip(a, -1.0, 1.0))
