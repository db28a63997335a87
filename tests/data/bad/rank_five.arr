# kind: semantic
# message: at most 4 dimensions
out a = zeros([1, 1, 1, 1, 1])
