let a = 2 ^ 3 ^ 2
let b = x ** -1
let c = f(x)[0] ^ 2
