# A float32 input: Python scalars stay weak, a float64 operand promotes.
# kernels: 4 Each output is one kernel, with its dtype casts fused in.
param nx = 4
input u: f32[nx]
input g: [nx]
out v = u * 0.5 - 1.0
out w = u * g
out m = where(u > 0.0, u, -u)
out s = sqrt(u) ** 2
