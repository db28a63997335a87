# kind: semantic
# message: [4]
out a = zeros([3]) + zeros([4])
