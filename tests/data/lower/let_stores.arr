# Boundary: a `let` of a computed value is stored once (its own kernel) and read by both
# uses, instead of being recomputed in each consumer.
# kernels: 2 A `let` of a computed value is stored once, a kernel of its own.
input a: [4]
let s = a * a + 1
out r = s + s[0]
