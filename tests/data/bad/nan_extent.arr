# kind: semantic
# message: NaN
out a = zeros([0 / 0])
