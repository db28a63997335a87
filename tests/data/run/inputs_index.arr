# Run-time indexing `a[k]` with `k` a scalar input: negative run-time indices, a run-time
# index on an input array (the trailing axis kept), an element from two run-time indices,
# an index computed from an input, and an input index combined with a `loop` index.
# tolerance: exact
input k
input j
input table: [5, 3]

let a = arange(10) * 1.5
out ak = a[k]
out aj = a[j]
out row = table[k]
out elem = table[k, j]
out computed = table[k + 1, -1] + a[2 * k]
out sliced = table[1:, :][k]

var s = 0
loop i in 0..3 {
    s = s + table[k, i] * a[i + k]
}
out s
