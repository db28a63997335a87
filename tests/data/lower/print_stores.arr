# Boundary: `print` of an expression computes it into a buffer, then prints that buffer.
# kernels: 2 `print` of an expression computes it into a buffer, a kernel of its own.
input a: [2]
print(a * 2)
out r = a + 1
