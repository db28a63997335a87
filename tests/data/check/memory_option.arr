# option: max_memory_bytes=1000000
var a = zeros([100000])
var b = ones([100000])
loop i in 0..3 {
    a = a + b
    b = b + a
}
out a
out b
