# kind: semantic
# message: argument
out a = sqrt(1, 2)
