# Fusion: elementwise operators, broadcasting, slicing and a transpose only rewrite the
# element expression, so `out` gets ONE kernel that reads `a` and `b` directly.
# kernels: 1 Elementwise operators, broadcasting, slicing and a transpose fuse into one kernel.
input a: [3, 4]
input b: [4]
out r = transpose(a[:, 1:] * 2 + b[1:])
