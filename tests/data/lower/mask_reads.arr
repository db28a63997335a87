# Masked reads whose result never needs its data-dependent shape: `u[m] = f(u[m])` is one
# kernel of `where(m, f(u), u)`, and `sum(f(u[m]))` computes `f(u)` and the mask whole, then
# one `masked_sum` adds the selected elements as NumPy adds the compacted array.
# kernels: 6 A masked assignment of an elementwise function of reads through its mask is one kernel; a masked sum stores its operand and its mask, then sums them in one masked_sum.
input a: [6]
var u = a
u[u > 0] = u[u > 0] ** -1.5
let w = a * 2.0
out s = sum(2.0 * w[w > 1.0] + 1.0)
out v = u
