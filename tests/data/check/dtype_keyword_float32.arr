let a = full([2, 2], 1.5, dtype=float32)
print(a)
