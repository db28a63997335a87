# where, masked assignment and masked sums whose operands call the C library (cos, exp,
# log): computed only where selected (a branch per element), the values those of NumPy,
# which computes every operand everywhere. Unselected elements include ones whose operand
# would be NaN or infinite (log of 0 or of a negative, exp of 800).
# tolerance: transcendental
input x: [3, 1000]
out c = where(x > 0.5, cos(x), x * 2.0)
out d = where(x > 0.5, x, sin(x))
var u = x
u[x < -1.0] = exp(u * 400.0)
out u
out s = sum(where(x > 1.0, exp(x), 0.0))
out rows = sum(where(x > 0.0, log(x), 1.0), axis=1)
out nested = where(x > 0.0, where(x > 1.0, log(x), cos(x)), exp(x))
out guard = where(x > 0.0, log(x), 0.0)
