# Boundaries: reductions are kernels of their own (`sum` over a trailing dimension, `mean`
# divides), and their operands fuse into them. Float64 `dot`/`matmul` are `blas` kernels
# (NumPy's BLAS order): an operand that is not a plain read is stored first (`v + 1`), as
# NumPy computes it into an array, and a vector product's [1, 1] result is read out.
# kernels: 6 sum and mean fuse their operands; dot stores `v + 1` and reads its [1, 1] result out; matmul reads both operands where they lie.
input a: [3, 4]
input v: [4]
out s = sum(a * 2, 1)
out m = mean(a)
out d = dot(v, v + 1)
out p = matmul(a, reshape(v, [4, 1]))
