# A `loop` whose bounds are run-time scalar inputs: the trip count changes without
# recompiling. Includes a zero-trip loop (upper below lower), an unrolled loop with a
# remainder, and a nested loop whose lower bound is the outer index.
# forms: single  (a `for` bound must be a compile-time constant)
# tolerance: exact
input n
input start

var x = 1
var seen = zeros([8])
loop i in 0..n {
    x = x * 1.5 + i
    seen = seen + (arange(8) == i)
}
out x
out seen

var count = 0
loop i in n..start {
    count = count + 1
}
out count

var tri = 0
loop i in start..n unroll 3 {
    tri = tri + i
}
out tri

var pairs = 0
loop i in 0..n {
    loop j in i..n {
        pairs = pairs + 1 + j * 0.5
    }
}
out pairs
