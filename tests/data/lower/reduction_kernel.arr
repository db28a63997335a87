# Boundaries: reductions are kernels of their own (`sum` over a trailing dimension, `mean`
# divides), and `dot`/`matmul` are reduction kernels; their operands fuse into them.
# kernels: 4 Each reduction (sum, mean, dot, matmul) is one kernel with its operands fused in.
input a: [3, 4]
input v: [4]
out s = sum(a * 2, 1)
out m = mean(a)
out d = dot(v, v + 1)
out p = matmul(a, reshape(v, [4, 1]))
