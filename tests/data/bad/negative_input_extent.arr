# kind: semantic
# message: -1
input a: [-1]
out b = a
