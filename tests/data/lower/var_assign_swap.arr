# Boundary: an assignment that reads other elements of the variable (a shift) writes a
# spare buffer, then `swap`s it with the home buffer.
input a: [4]
var x = a + 0
x = roll(x, 1, 0) - x
out x
