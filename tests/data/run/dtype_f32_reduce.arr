# Reductions of float32 arrays accumulate in float32.
input u: [8]
input v: [8]
let a = f32(u)
let b = f32(v)
let m = reshape(a, [2, 4])
out total = f64(sum(a))
out mean = f64(mean(a))
out rows = f64(sum(m, 1))
out lo = f64(min(a))
out hi = f64(max(m, 0))
out dot = f64(dot(a, b))
