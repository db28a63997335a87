# Boundary: a `let` of a computed value is stored once (its own kernel) and read by both
# uses, instead of being recomputed in each consumer.
input a: [4]
let s = a * a + 1
out r = s + s[0]
