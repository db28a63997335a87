param nx = 5
let x = linspace(0, 1, nx)
let u = [exp(-x0) for x0 in x]
out u
