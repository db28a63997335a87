# kind: syntax
# message: ü
let ü = 1
out b = ü
