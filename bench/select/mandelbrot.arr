# Mandelbrot-like masked update (issue 23, item 1): the points that have not escaped are
# iterated by masked assignments (NumPy's Z[I] = Z[I]**2 + C[I] in real and imaginary
# parts), and the escaped ones get a smooth colour, log(log|z|), computed only where a point
# escapes at this step (a masked assignment whose operand calls the C library).
param nx = 600
param ny = 400
param maxiter = 40
let x = reshape(linspace(-2.25, 0.75, nx), [1, nx])
let y = reshape(linspace(-1.25, 1.25, ny), [ny, 1])
let cr = x + 0 * y
let ci = y + 0 * x
var zr = zeros([ny, nx])
var zi = zeros([ny, nx])
var count = zeros([ny, nx])
var smooth = zeros([ny, nx])
loop k in 0..maxiter {
    let r2 = zr * zr + zi * zi
    let active = r2 < 4.0
    count[active] = k
    smooth[(r2 >= 4.0) && (smooth == 0.0)] = k + 1 - log(log(sqrt(r2))) / log(2.0)
    let zr_next = zr * zr - zi * zi + cr
    zi[active] = 2.0 * zr * zi + ci
    zr[active] = zr_next
}
out count
out smooth
