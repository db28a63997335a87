# Boundary: a general `reshape` of a value that is not already a whole buffer stores the
# value first; adding or dropping length-1 axes only rewrites the index map.
# kernels: 3 A general `reshape` of a computed value stores it first; adding or dropping length-1 axes does not.
input a: [2, 3]
out r = reshape(a * 2, [3, 2])
out k = reshape(a * 2, [1, 2, 3])
