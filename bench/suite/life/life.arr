# life: Conway's Game of Life on a torus; the eight neighbours are counted with `roll`.
# The initial board is an input (random, 30 % alive), written by the runner.
# Ported from life_numpy.py: the step is a function, `&`/`|` as in NumPy; NumPy's generator
# over the eight (i, j) is written out. Cells are 0.0 / 1.0 (float64, as NumPy's
# `.astype(np.float64)`: arrayc has no other dtype yet).
# NumPy original: life_numpy.py (bit-identical).
param n = 256
param steps = 100

input board: [n, n]

fn life_step(z) {
    let neighbours = (roll(roll(z, -1, 0), -1, 1) + roll(roll(z, -1, 0), 0, 1) +
                      roll(roll(z, -1, 0), 1, 1) + roll(roll(z, 0, 0), -1, 1) +
                      roll(roll(z, 0, 0), 1, 1) + roll(roll(z, 1, 0), -1, 1) +
                      roll(roll(z, 1, 0), 0, 1) + roll(roll(z, 1, 0), 1, 1))
    return (neighbours == 3) | ((z == 1) & (neighbours == 2))
}

var z = board
loop t in 0..steps {
    z = life_step(z)
}
out z
out alive = sum(z)
