# Code generation: lowering moves negations outward where IEEE arithmetic makes it exact:
# `(-a) * b` is `-(a * b)` and `a + (-b)` is `a - b`, so no `neg` is left here.
# kernels: 1 Moving negations outward keeps the expression one kernel.
input a: [3]
input b: [3]
out r = a + (-a) * b
