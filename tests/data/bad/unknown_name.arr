# kind: semantic
# message: unknown name `b`
out a = b + 1
