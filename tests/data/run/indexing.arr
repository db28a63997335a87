# Array literals, indexing with constant, negative and runtime (loop index) indices.
# tolerance: exact
let v = [10, 20, 30, 40, 50]
let m = [[1, 2, 3], [4, 5, 6]]
out lit = v
out lit2 = m
out lit3 = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
out first = v[0]
out last = v[-1]
out second_last = v[-2]
out m12 = m[1, 2]
out m_neg = m[-1, -3]
out call_index = arange(5)[2]
out expr_lit = [1 + 1, 2 * 3, -4]
var s = 0
var r = zeros([2])
loop i in 0..5 {
    s = s + v[i] * i
    s += m[i % 2, i % 3]
    r = r + [v[4 - i], m[1, i % 3]]
}
out s
out r
