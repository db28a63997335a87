# Boundaries: `out` of an expression is stored into its own buffer; `out` of a `var` (or
# of an array already stored) adds no kernel, since outputs are read when the program ends.
# kernels: 2 `out` of an expression is a kernel; `out` of a `var` adds none.
input a: [3]
var x = a * 3
out x
out y = x + 1
