# A draw names a stream made by `random_state` or `default_rng` before it; a number that
# names no stream yet is refused.
let x = rng_random(0, [3])
let rng = default_rng(1)
let y = rng_standard_normal(rng + 1, [3])
out x
out y
