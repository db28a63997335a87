# option: max_memory_bytes=1000000
# The memory limit counts each dtype's own size (a float32 element is 4 bytes, a bool 1)
# and not the inputs, which are read in place: the 800 kB input and the 400 kB float32
# and 100 kB bool arrays fit in 1 MB; the float64 array after them does not.
input a: [100000]
var b = zeros([100000], f32)
var c = zeros([100000], bool)
b = b + f32(a)
var d = zeros([100000])
d = d + a
out b
out c
out d
