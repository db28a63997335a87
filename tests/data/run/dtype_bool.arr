# bool masks as NumPy has them: comparisons give bools, `+` and `*` of bools are or/and,
# sums of bools are int64 and means float64, masks select and assign.
# tolerance: exact
input u: [8]
input v: [8]
let m = u > 0.0
let n = v < 1.0
out both = m && n
out either = m + n
out prod = m * n
out not_m = !m
out count = sum(m)
out frac = mean(m)
out counts = sum(reshape(m, [2, 4]), 1)
out scaled = m * 2.5
out picked = where(m, u, v)
out anym = any(n)
out allm = all(m)
out castb = bool(u)
out back = f64(m)
out mask32 = f32(u) > 1.0
out mx = maximum(m, n)
out running = cumsum(m)
out first = argmax(m)
var w = u
w[m] = 0.0
out w
