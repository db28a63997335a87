# NumPy refuses the negation of a bool array.
let m = ones([3]) > 0.0
out r = -m
