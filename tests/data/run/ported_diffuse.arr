# Ported from tests/fixtures/originals/ported_diffuse.py: step 7 as the notebook has it, `def diffuse(nt)` changing
# the global `u` in place; arrayc functions cannot change outer variables, so `u` is passed in and returned.
param nx = 31
param ny = 31
param nu = .05
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)
param sigma = .25
param dt = sigma * dx * dy / nu

let x = linspace(0, 2, nx)
let y = linspace(0, 2, ny)

var u = ones([ny, nx])  # create a 1xn vector of 1's
var un = ones([ny, nx])

##Assign initial conditions
# set hat function I.C. : u(.5<=x<=1 && .5<=y<=1 ) is 2
u[int(.5 / dy):int(1 / dy + 1),int(.5 / dx):int(1 / dx + 1)] = 2


fn diffuse(u, nt) {
    u[int(.5 / dy):int(1 / dy + 1),int(.5 / dx):int(1 / dx + 1)] = 2

    for n in 0..nt + 1 {
        let un = u
        u[1:-1, 1:-1] = (un[1:-1,1:-1] +
                        nu * dt / dx**2 *
                        (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                        nu * dt / dy**2 *
                        (un[2:,1: -1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
        u[0, :] = 1
        u[-1, :] = 1
        u[:, 0] = 1
        u[:, -1] = 1
    }
    u
}

u = diffuse(u, 10)
let a = u
u = diffuse(u, 14)
u = diffuse(u, 50)
out a
out u
