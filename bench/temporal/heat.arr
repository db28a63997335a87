# heat on an nx x ny periodic grid: bench/suite/heat/heat.arr with the square's side split in
# two params, so that 4096 x 1024 can be run too. Explicit Euler steps of the 5-point
# Laplacian built from `roll`; a hot rectangle in a cold plate.
param nx = 256
param ny = 256
param steps = 10
param alpha = 0.2     # kappa * dt / h^2 (stable for alpha <= 0.25)

var u = zeros([nx, ny])
u[nx // 4:3 * nx // 4, ny // 4:ny // 2] = 100.0
loop step in 0..steps {
    u = u + alpha * (roll(u, 1, 0) + roll(u, -1, 0) + roll(u, 1, 1)
                     + roll(u, -1, 1) - 4 * u)
}
out u
