# Several return values, taken apart by `let (..)`, `var (..)` and `u, v = ...`; a swap
# computes both values before assigning either.
fn stats(a) {
    let m = mean(a)
    return m, a - m, max(a)
}
fn swap2(x, y) = (y, x)
let (m, centred, top) = stats(arange(5))
out m
out centred
out top
var (p, q) = swap2(1, 2)
p, q = q, p
out p
out q
var u = zeros([3])
var v = ones([3])
u, v = swap2(u + 1, v * 3)
u, v = v, u
out u
out v
fn grow(w) {
    var w2 = w
    loop i in 0..3 {
        w2 = w2 * 2
    }
    (w2, w2 + 1)
}
let (g1, g2) = grow(v)
out g1
out g2
