# kind: semantic
# message: axis
out a = sum(zeros([2, 3]), 2)
