# stage: run
# An int64 power whose exponent turns out negative at run time stops the run, as NumPy
# raises (`integers to negative integer powers are not allowed`).
var x = [3, 2]
loop i in -1..1 {
    x = x ^ i
}
out x
