# Rolls and gradients along the last axis of run-time inputs (codegen splits each row into
# pieces where the wrapped or clamped read is a plain shift): shifts of every size, row
# lengths that leave an odd pair and a last element, rank 1 and 3, a roll of a roll (left
# unsplit), and a periodic diffusion loop that reads its own rolls every step.
# tolerance: exact
input field: [5, 11]
input line: [9]
input cube: [2, 3, 7]

out r1 = roll(field, 1, 1)
out r_back = roll(field, -1, 1)
out r3 = roll(field, 3, 1) - field
out r_far = roll(field, -9, 1) * 2
out r_wide = roll(field, 13, 1)
out r_line = roll(line, 4, 0) + roll(line, -2, 0)
out r_cube = roll(cube, 2, 2) - roll(cube, -3, -1)
out r_nested = roll(roll(field, 2, 1), -5, 1)
out r_both = roll(roll(field, 1, 0), -1, 1) + roll(roll(field, -2, 0), 4, 1)
out g1 = grad(field, 1)
out g_line = grad(line, 0, 0.5)
out g_cube = grad(cube, 2, 3)
out mixed = grad(field, 1) * roll(field, 1, 1) + roll(field, -1, 1)
var u = field
loop step in 0..4 {
    u = u + 0.2 * (roll(u, 1, 1) + roll(u, -1, 1) + roll(u, 1, 0) + roll(u, -1, 0) - 4 * u)
}
out u
