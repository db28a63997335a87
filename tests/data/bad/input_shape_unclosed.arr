# kind: syntax
# message: expected
input x: [2,
out y = x
