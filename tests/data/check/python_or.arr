param a = 1
let b = a < 0 or a > 2
out b
