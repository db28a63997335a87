# Broadcasting of size-1 axes and scalars.
# tolerance: exact
let col = reshape([1, 2, 3], [3, 1])
let row = reshape([10, 20, 30, 40], [1, 4])
out outer = col + row
out vec_col = [0.5, 1.5, 2.5, 3.5] + col
out scalar = 2 * col - 1
out prod = row * col / 2
out rank3 = reshape(arange(6), [2, 1, 3]) * reshape([1, -1], [2, 1])
out lit_col = ones([2, 3]) + [[1], [2]]
out scalar_left = 1 / row
out chain = col * row - col + row / 10
