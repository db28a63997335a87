# kind: syntax
# message: number
let a = 1e
out a
