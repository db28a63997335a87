# After lowering there is no `for`: it is unrolled, one copy of the body per trip with the
# index a constant (and a `loop` stays a loop: see advect_small_loop).
# kernels: 4 A `for` is unrolled: the copy of `a` plus one kernel per trip (three).
input a: [3]
var x = a
for i in 0..3 {
    x = x + i
}
out x
