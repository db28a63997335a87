# Not a boundary: a `let` of a constant becomes a constant buffer at compile time (no
# kernel), folded with the same `numeric` functions the generated code calls.
# kernels: 1 A `let` of a constant is folded into a constant buffer, no kernel of its own.
input a: [3]
let c = exp(linspace(0, 1, 3))
out r = a * c
