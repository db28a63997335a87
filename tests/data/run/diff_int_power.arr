# Found by tools/difftest (issue 22): an int64 power is NumPy's integer power (repeated
# squaring, wrapping) also for an exponent known only at run time (an element, a `loop`
# index: it went through float64, inexact above 2^53), an array exponent and an exponent
# above 64 (both were refused).
var b = [9223372036854775807, 3, -2]
var e = [3, 40, 63]
var elementwise = zeros([3], i64)
loop i in 0..3 {
    elementwise[i] = b[i] ^ e[i]
}
var indexed = [3, -5, 7]
loop i in 1..4 {
    indexed = indexed ^ i
}
out elementwise
out indexed
out arrays = [2, 3, -7] ^ [1, 2, 63]
out powers_of_two = 2 ^ arange(60, 66)
out large = [3, -3, 2] ^ 100
out rows = [[2], [3]] ^ [0, 1, 41]
