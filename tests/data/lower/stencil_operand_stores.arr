# Boundary: the operand of a stencil (`grad`, `roll`) that is not a plain read is stored
# first; a plain read fuses (the second `roll` reads `a` with a wrapped index).
# kernels: 3 A stencil operand that is not a plain read is stored first; a plain read fuses.
input a: [5]
out r = roll(a * 2, 1, 0)
out q = roll(a, 1, 0) * 2
