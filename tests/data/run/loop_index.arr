# Loop indices in arithmetic, `unroll k` with remainders, empty and offset ranges.
# tolerance: exact
param n = 10
var acc = 0
var v = zeros([3])
loop i in 0..n {
    acc = acc * 0.5 + i
    v = v + [1, 2, 3] * i - i^2 / 4
}
out acc
out v
var w = ones([4])
loop i in 0..n unroll 3 {
    w = w * 1.5 + i
}
out w
var u = 0
loop i in 2..9 unroll 4 {
    u = u * 2 - i
}
out u
var few = 1
loop i in 0..2 unroll 5 {
    few = few * 7 + i
}
out few
var none = 5
loop i in 3..3 {
    none = none + 100
}
out none
