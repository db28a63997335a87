# reshape (including a -1 extent and reshaping a transposed view), transpose, broadcast.
# tolerance: exact
let v = arange(6)
let m23 = reshape(v, [2, 3])
out m23
out m32 = reshape(m23, [3, 2])
out rows = reshape(arange(12), [-1, 4])
out mid = reshape(arange(12), [2, -1, 3])
out flat = reshape(m23 * 10, [-1])
out t2 = transpose(m23)
out t3 = transpose(reshape(arange(24), [2, 3, 4]))
out t1 = transpose(v)
out t_flat = reshape(transpose(m23), [6])
out t_back = transpose(transpose(m23)) - m23
out b_row = broadcast([1, 2, 3], [2, 3])
out b_col = broadcast(reshape([4, 5], [2, 1]), [2, 3])
out b_scalar = broadcast(7, [2, 2])
out b_rank3 = broadcast(m23, [2, 2, 3]) + 1
