# Ported line by line from tests/fixtures/originals/ported_diffusion1d.py: step 3, 1-D diffusion, element loops.
param nx = 41
param dx = 2 / (nx - 1)
param nt = 20
param nu = 0.3
param sigma = .2
param dt = sigma * dx**2 / nu

var u = ones(nx)
u[int(.5 / dx):int(1 / dx + 1)] = 2

var un = ones(nx)
loop n in 0..nt {
    un = u
    loop i in 1..nx - 1 {
        u[i] = un[i] + nu * dt / dx**2 * (un[i+1] - 2 * un[i] + un[i-1])
    }
}
out u
