# A 0-d bool index is NumPy's mask of everything or nothing (a new first axis of length 1
# or 0 when read), never the integer 0 or 1; a run-time one in a `loop` selects the same.
# tolerance: exact
var v = [1, 2, 3]
v[1 > 2] += 10
var w = [1.0, 2.0, 3.0]
w[True] = 10
let a = reshape(arange(6), [2, 3])
out v
out w
out a_true = a[True] * 1
out a_false = a[False] * 1
var m = [1, 2, 3]
loop i in 0..2 { m[i > 0] += 1 }
out m
