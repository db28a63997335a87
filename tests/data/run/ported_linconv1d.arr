# Ported line by line from tests/fixtures/originals/ported_linconv1d.py: "12 steps to Navier-Stokes" step 1, 1-D linear convection, element loops.
param nx = 41
param dx = 2 / (nx - 1)
param nt = 25
param dt = .025
param c = 1

var u = ones(nx)
u[int(.5 / dx):int(1 / dx + 1)] = 2

var un = ones(nx)
loop n in 0..nt {
    un = u
    loop i in 1..nx {
        u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])
    }
}
out u
