# Boundary: an assignment that reads other elements of the variable (a shift) writes a
# spare buffer, then `swap`s it with the home buffer.
# kernels: 2 An assignment reading other elements writes a spare buffer and swaps, no copy kernel.
input a: [4]
var x = a + 0
x = roll(x, 1, 0) - x
out x
