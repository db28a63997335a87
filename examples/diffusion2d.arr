# 2-D diffusion with fixed boundaries ("12 steps to Navier-Stokes" step 7), ported line by
# line from NumPy: a hat of 2s set by a region assignment with `int()` bounds, then each
# step updates the interior in place and pins the four edges to 1.
param nx = 31
param ny = 31
param nt = 50
param nu = .05
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)
param sigma = .25
param dt = sigma * dx * dy / nu

var u = ones([ny, nx])
u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2

loop n in 0..nt + 1 {
    let un = u
    u[1:-1, 1:-1] = (un[1:-1, 1:-1] +
                     nu * dt / dx**2 *
                     (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                     nu * dt / dy**2 *
                     (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
    u[0, :] = 1
    u[-1, :] = 1
    u[:, 0] = 1
    u[:, -1] = 1
}

out u
out peak = max(u)
out centre_row = u[15, :]
