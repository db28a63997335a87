# Boundary: `print` of an expression computes it into a buffer, then prints that buffer.
input a: [2]
print(a * 2)
out r = a + 1
