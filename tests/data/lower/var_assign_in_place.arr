# Boundaries: a `var` gets a home buffer; an assignment whose every read of the variable
# is of the element being written writes the home buffer in place (no spare, no swap).
# kernels: 2 An assignment reading only the element it writes writes the `var`'s home buffer in place.
input a: [4]
var x = a + 1
x = x * 2 + a
out x
