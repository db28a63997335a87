# A tuple assignment of vars of different dtypes converts the values instead of swapping
# the buffers (a swap of a bool and a float64 buffer once wrote 8 bytes per element into
# a buffer of one byte per element).
var a = zeros([6], bool)
var b = zeros([6])
a, b = b, a
b[:] = 1e300
var c = arange(6)
var d = linspace(0, 1, 6)
loop k in 0..3 {
    c, d = d, c
}
out a
out b
out c
out d
