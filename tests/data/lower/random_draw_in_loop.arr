# A draw inside a `loop` is a `random` statement in its body, run on every trip: the
# stream's state lives in the run, the IR holds only which stream and which buffer.
# kernels: 2 A draw in a loop fuses with its use: the loop body has one kernel after its `random`.
let rng = default_rng(1)
var x = zeros([3])
loop i in 0..4 {
    x = x + rng_normal(rng, 0.0, 2.0, [3])
}
out x
