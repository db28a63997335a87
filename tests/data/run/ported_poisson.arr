# Ported line by line from tests/fixtures/originals/ported_poisson.py: step 10, the Poisson equation with point sources, `b[i, j] = 100`.
param nx = 50
param ny = 50
param nt = 100
param xmin = 0
param xmax = 2
param ymin = 0
param ymax = 1

param dx = (xmax - xmin) / (nx - 1)
param dy = (ymax - ymin) / (ny - 1)

var p = zeros([ny, nx])
var pd = zeros([ny, nx])
var b = zeros([ny, nx])
let x = linspace(xmin, xmax, nx)
let y = linspace(xmin, xmax, ny)

b[int(ny / 4), int(nx / 4)] = 100
b[int(3 * ny / 4), int(3 * nx / 4)] = -100

loop it in 0..nt {
    pd = p
    p[1:-1, 1:-1] = (((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                      (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                      b[1:-1, 1:-1] * dx**2 * dy**2) /
                     (2 * (dx**2 + dy**2)))

    p[0, :] = 0
    p[ny - 1, :] = 0
    p[:, 0] = 0
    p[:, nx - 1] = 0
}
out p
