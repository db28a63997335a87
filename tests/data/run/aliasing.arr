# Value semantics when a var is rebuilt from views of itself (reversal, transpose, roll,
# slices), and lets that keep the old value of a var after it is reassigned.
# tolerance: exact
var r = arange(5)
loop i in 0..3 {
    r = r[::-1] + i
}
out r
var rev = arange(6)
rev = rev[::-1]
out rev
var t = reshape(arange(9), [3, 3])
t = transpose(t)
out t
var m = reshape(arange(9), [3, 3])
loop i in 0..2 {
    m = transpose(m) * 2 - m
}
out m
var w = arange(6)
loop i in 0..3 {
    w = roll(w, 1, 0) * 2 - w
}
out w
var u = arange(6)
u += u[::-1]
out u
var g = arange(6)^2
loop i in 0..2 {
    g = g - 0.25 * grad(g, 0)
}
out g
var p = arange(6)
loop i in 0..2 {
    p = where(p > 2, p[::-1], p + 10)
}
out p
var v = [1, 2, 3, 4]
let old = v
let old_slice = v[1:3]
let old_rev = v[::-1]
v = v * 10
v += 1
out old
out old_slice
out old_rev
out v
var k = [1, 2, 3, 4]
var keep = zeros([2], i64)
loop i in 0..3 {
    keep = k[1:3]
    k = k * 2
}
out keep
out k
