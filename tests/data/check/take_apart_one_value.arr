fn f(a) = a
let (x, y) = f(1)
out z = x
