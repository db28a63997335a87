fn f(a) { return a, a * 2 }
let (u, v) = f(1)
var (p, q) = f(2)
p, q = q, p
let (x, y) = 1, 2
