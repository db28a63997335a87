# life: Conway's Game of Life on a torus; the eight neighbours are counted with `roll`.
# The initial board is an input (random, 30 % alive), written by the runner.
# Written in today's arrayc: cells are 0.0 / 1.0 (float64 is the only type yet), `&&`/`||`
# stand for NumPy's `&`/`|`.
# NumPy original: life_numpy.py (bit-identical).
param n = 256
param steps = 100

input board: [n, n]
var z = board

loop t in 0..steps {
    let neighbours = roll(roll(z, -1, 0), -1, 1) + roll(roll(z, -1, 0), 0, 1) +
                     roll(roll(z, -1, 0), 1, 1) + roll(z, -1, 1) + roll(z, 1, 1) +
                     roll(roll(z, 1, 0), -1, 1) + roll(roll(z, 1, 0), 0, 1) +
                     roll(roll(z, 1, 0), 1, 1)
    z = (neighbours == 3) || ((z == 1) && (neighbours == 2))
}
out z
out alive = sum(z)
