# Ported from tests/fixtures/originals/ported_walk.py: a random walk; NumPy's generator is not arrayc's, so the
# steps come in as an `input` (np.random.default_rng(42)), and cumsum, argmax of a mask, std run here.
param n = 1000
input steps: i64[n]
let walk = cumsum(steps)
let first_cross = argmax(abs(walk) >= 10)
out walk
out first_cross
out final = walk[-1]
out furthest = max(abs(walk))
out mean = mean(walk)
out spread = std(walk)
