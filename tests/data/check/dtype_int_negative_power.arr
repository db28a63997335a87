# Integers to negative integer powers are not allowed, as in NumPy.
let a = i64(arange(4))
out r = a ^ i64(-1)
