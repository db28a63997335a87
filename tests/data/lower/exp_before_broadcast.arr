# Boundary: an operand that calls `exp` and is broadcast to a larger shape is computed
# once at its own shape (a [3] kernel), as NumPy does, not once per copy in the [4, 3] one.
input a: [3]
input b: [4, 3]
out r = b * exp(a)
