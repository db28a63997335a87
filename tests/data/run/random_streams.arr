# NumPy's random streams drawn at run time in program order: a legacy stream and a PCG64
# one interleaved, draws of odd sizes (the legacy normal's cached value), draws in both
# arms of an `if`, and a stream seeded again.
# tolerance: exact
let rng = default_rng(42)
let legacy = random_state(7)
let a = rng_random(rng, [5])
let b = rng_standard_normal(legacy, [3])
var walk = zeros([4])
var total = 0.0
for step in 0..6 {
    walk = walk + rng_normal(rng, 0.0, 0.5, [4])
    let k = rng_integers(legacy, 0, 10, [3])
    total = total + sum(k) + rng_uniform(legacy, -1.0, 1.0, [])
    if step % 2 == 0 {
        walk = walk + rng_standard_normal(legacy, [4])
    } else {
        walk = walk * sum(rng_integers(rng, 1, 3, [2, 4]), axis=0)
    }
}
let again = rng_random(default_rng(42), [5])
out a
out b
out walk
out total
out again
