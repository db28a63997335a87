# float32 transcendentals, within 1e-6 relative of NumPy's.
# tolerance: float32
input u: [8]
let a = f32(abs(u))
out exp = exp(a / 4.0)
out log = log(a)
out sin = sin(a)
out cos = cos(a)
out tanh = tanh(a)
out pw = a ^ 1.5
