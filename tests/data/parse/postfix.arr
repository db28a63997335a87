let a = f(x)[0]
let b = u[1:][0]
let c = (g)(x)
