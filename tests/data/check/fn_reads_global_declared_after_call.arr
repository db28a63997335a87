fn f(x) = x * scale
out a = f(3)
let scale = 2
out b = f(4)
