# kind: syntax
# message: expected
let a = 1 2
out a
