# float32 transcendentals, within 1e-6 relative of NumPy's.
# tolerance: float32
input u: [8]
let a = f32(abs(u))
out exp = f64(exp(a / 4.0))
out log = f64(log(a))
out sin = f64(sin(a))
out cos = f64(cos(a))
out tanh = f64(tanh(a))
out pw = f64(a ^ 1.5)
