# Boundary: an operand that calls `exp` and is broadcast to a larger shape is computed
# once at its own shape (a [3] kernel), as NumPy does, not once per copy in the [4, 3] one.
# kernels: 2 An `exp` operand that is broadcast is computed once at its own shape, a kernel of its own.
input a: [3]
input b: [4, 3]
out r = b * exp(a)
