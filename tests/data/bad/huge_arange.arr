# kind: limit
# message: `arange` would make 1000000000000000 elements
out a = sum(arange(0, 1e15, 1))
