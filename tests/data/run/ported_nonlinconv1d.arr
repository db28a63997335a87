# Ported line by line from tests/fixtures/originals/ported_nonlinconv1d.py: step 2, 1-D nonlinear convection, element loops (`for`, unrolled).
param nx = 41
param dx = 2 / (nx - 1)
param nt = 20
param dt = .025

var u = ones(nx)
u[int(.5 / dx):int(1 / dx + 1)] = 2

var un = ones(nx)
for n in 0..nt {
    un = u
    for i in 1..nx {
        u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1])
    }
}
out u
