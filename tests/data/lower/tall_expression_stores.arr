# Boundary: an expression more than 40 nodes high is materialised, so the IR trees that
# reach codegen stay shallow.
# kernels: 2 An expression more than 40 nodes high is materialised, a kernel of its own.
input a: [2]
out r = (((((((((((((((((((((((((((((((((((((((((((a + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2
