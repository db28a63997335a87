# Not a boundary: `exp` of an operand that is not broadcast stays fused in the consumer.
# kernels: 1 An `exp` operand that is not broadcast fuses into the consumer.
input a: [4, 3]
input b: [4, 3]
out r = b * exp(a)
