# Ported line by line from tests/fixtures/originals/ported_nonlinconv2d.py: step 6, 2-D nonlinear convection of u and v.
param nx = 101
param ny = 101
param nt = 80
param c = 1
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)
param sigma = .2
param dt = sigma * dx

let x = linspace(0, 2, nx)
let y = linspace(0, 2, ny)

var u = ones([ny, nx])
var v = ones([ny, nx])
var un = ones([ny, nx])
var vn = ones([ny, nx])

u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2
v[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2

loop n in 0..nt + 1 {
    un = u
    vn = v
    u[1:, 1:] = (un[1:, 1:] -
                 (un[1:, 1:] * c * dt / dx * (un[1:, 1:] - un[1:, :-1])) -
                  vn[1:, 1:] * c * dt / dy * (un[1:, 1:] - un[:-1, 1:]))
    v[1:, 1:] = (vn[1:, 1:] -
                 (un[1:, 1:] * c * dt / dx * (vn[1:, 1:] - vn[1:, :-1])) -
                 vn[1:, 1:] * c * dt / dy * (vn[1:, 1:] - vn[:-1, 1:]))

    u[0, :] = 1
    u[-1, :] = 1
    u[:, 0] = 1
    u[:, -1] = 1

    v[0, :] = 1
    v[-1, :] = 1
    v[:, 0] = 1
    v[:, -1] = 1
}
out u
out v
