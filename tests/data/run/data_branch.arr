# if/else on values computed in the loop (reductions, indexing) and fns containing scopes.
fn smooth(a) {
    var r = a
    for k in 0..2 {
        r = (r + roll(r, 1, 0)) / 2
    }
    r
}
var v = [1, 5, 2, 8, 3, 7]
var flips = 0
loop i in 0..6 {
    if sum(v) > 30 {
        v = v - [3, 1, 4, 1, 5, 9] / 2
        flips += 1
    } else {
        v = smooth(v) * 1.5 + v[i]
    }
}
out v
out flips
var m = reshape(arange(12), [3, 4])
var picked = zeros([4])
loop i in 0..3 {
    if max(m, 1)[i] > 5 {
        picked = picked + sum(m, 0) / (i + 1)
    } else {
        picked = picked - mean(m, 0)
    }
    m = m * 2 - 3
}
out picked
out m
