# kind: syntax
# message: expected
let a = * 3
out a
