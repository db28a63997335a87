# Ported line by line from tests/fixtures/originals/ported_linconv2d.py: step 5, 2-D linear convection, `u[1:, 1:] = ...` and four boundary rows.
param nx = 81
param ny = 81
param nt = 100
param c = 1
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)
param sigma = .2
param dt = sigma * dx

let x = linspace(0, 2, nx)
let y = linspace(0, 2, ny)

var u = ones([ny, nx])
var un = ones([ny, nx])

u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2

loop n in 0..nt + 1 {
    un = u
    u[1:, 1:] = (un[1:, 1:] - (c * dt / dx * (un[1:, 1:] - un[1:, :-1])) -
                              (c * dt / dy * (un[1:, 1:] - un[:-1, 1:])))
    u[0, :] = 1
    u[-1, :] = 1
    u[:, 0] = 1
    u[:, -1] = 1
}
out u
