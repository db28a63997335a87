# kind: syntax
# message: \u{7}
let a = 1
out a
