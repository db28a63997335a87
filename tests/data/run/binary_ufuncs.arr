# The binary ufuncs arctan2, hypot, copysign, fmod, logaddexp: broadcasting, signed zeros,
# infinities, ints (float64, fmod int64), float32; round to decimals; linspace without
# its endpoint.
let x = reshape(linspace(-3, 3, 7), [7, 1])
let y = linspace(-2, 2, 5)
let inf = 1.0 / 0.0
let edges = [0.0, -0.0, inf, -inf, 1e300, 1e-310]
let i = arange(-5, 6)
out angle = arctan2(x, y)
out length = hypot(x, y)
out signed = copysign(x, y)
out remainder = fmod(x, y)
out total = logaddexp(x, y)
out edge_angle = arctan2(edges, reshape(edges, [6, 1]))
out edge_length = hypot(edges, reshape(edges, [6, 1]))
out edge_total = logaddexp(edges, reshape(edges, [6, 1]))
out edge_signs = copysign(1.0, edges)
out int_fmod = fmod(i, 3)
out int_fmod_zero = fmod(i, 0)
out int_angle = arctan2(i, 2)
out single_fmod = fmod(f32(y * 1.7), 0.75)
out single_length = hypot(f32(y), f32(y))
out rounded = round(linspace(-2, 2, 9) * 1.0125, 2)
out rounded_tens = round(arange(-25, 30, 5), -1)
out open_points = linspace(0, 1, 8, False)
