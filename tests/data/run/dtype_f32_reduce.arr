# Reductions of float32 arrays accumulate in float32.
input u: [8]
input v: [8]
let a = f32(u)
let b = f32(v)
let m = reshape(a, [2, 4])
out total = sum(a)
out mean = mean(a)
out rows = sum(m, 1)
out lo = min(a)
out hi = max(m, 0)
out dot = dot(a, b)
