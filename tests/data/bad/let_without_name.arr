# kind: syntax
# message: name
let = 3
