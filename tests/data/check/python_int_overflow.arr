# Arithmetic of Python ints beyond int64 is refused: Python's ints are unbounded, so NumPy
# would go on with the exact value, where int64s wrap.
out power = [1.0, 2.0] * 10 ^ 19
