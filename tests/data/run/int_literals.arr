# Integer literals are Python ints (weak int64 under NEP 50), params of int expressions and
# scope indices too; int.stdout is NumPy's `print` of the same values.
# tolerance: exact
param n = 64
param third = n // 3
param half = n / 2
param neg = -(n % 5) + abs(-2)
let r = arange(5)
print r
print -7 % 3
print -7 // 2
print 7 / 2
print 2 ** 10
print 2 ** -1
print [n, third, neg]
print half
out r
out doubled = r * 2
out halved = r / 2
out shifted = r + 0.5
out powers = r ** 2
out neg_powers = 2.0 ** -r
out from_bools = (r > 2) + 1
out lin = linspace(0, 4, 5)
out filled = full([2], 3)
out first_max = argmax([3, 9, 9, 1])
let f = f32(r) * 0.5
var acc32 = f
var total = 0
var mixed = 0
for i in 0..4 {
    acc32 = acc32 + i
    total = total + i * n
    mixed = mixed + i / 4
}
out acc32
out total
out mixed
out grid = n - reshape(arange(6), [2, 3]) * third
let u = f32(ones([2]))
var s = 0
loop i in 0..3 {
    s = s + i
}
out weak_var = u * s
var t = 0
t = t + sum(arange(3))
out numpy_var = u * t
var h = 0.5
for i in 0..2 {
    h = h * 2
}
out weak_float_var = u + h
var w = zeros([2], f32)
loop i in 0..3 {
    w = w + (i + 1) * 0.5
}
out w
