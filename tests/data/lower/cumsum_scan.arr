# cumsum along an axis is one scan kernel: a running sum per row, stored at every step.
# kernels: 1 Cumsum along an axis is one scan kernel.
input u: [2, 3]
out c = cumsum(u, axis=1)
