let a = f()
let b = f(x,)
let c = sum(u, axis=0)
let d = clip(u, 0, 1,)
