# A `for` index used where a constant is required: roll shift, slice bound, grad axis.
# forms: single
# tolerance: exact
let v = arange(6)
let m = reshape(arange(12)^2, [3, 4])
var acc = zeros([6])
for k in 0..3 {
    acc = acc + roll(v, k, 0) * (k + 1)
}
out acc
var tot = 0
for k in 1..4 {
    tot += sum(v[k:])
}
out tot
var g = zeros([3, 4])
for ax in 0..2 {
    g = g + grad(m, ax)
}
out g
