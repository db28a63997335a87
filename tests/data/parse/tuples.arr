fn f(a) = (a, a)
let (u, v, p) = f(1)
var (x, y) = f(2)
x, y = y, x
out x
