# kind: semantic
# message: p
param p = p + 1
out a = p
