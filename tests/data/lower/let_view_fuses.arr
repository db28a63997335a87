# Not a boundary: a `let` of a plain view of immutable data (a slice of an input) stores
# nothing; the consumer reads the input through the view's index map.
# kernels: 1 A `let` of a view of an input stores nothing; the consumer reads through it.
input a: [6]
let v = a[1:5]
out r = v * 2
