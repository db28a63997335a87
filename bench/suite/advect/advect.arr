# advect: 1-D advection of a 2-D density field (velocity along axis 0 only, steady),
# the seed study's experiment (examples/advect_loop.arr).
# Ported line by line from advect_numpy.py (`**`, `grad(f, axis=0)` for `np.gradient`).
# NumPy original: advect_numpy.py (bit-identical).
param nx = 512
param ny = 128
param steps = 1000
param dt = 0.1

let x = reshape(linspace(-32, 32, nx), [nx, 1])
let y = linspace(-16, 16, ny)
var density = exp(-0.05 * (x + 8) ** 2 - 0.005 * (y - 2) ** 2)
let velocity = broadcast(exp(-0.05 * y ** 2), [nx, ny])
loop step in 0..steps {
    density = density + dt * (-velocity * grad(density, axis=0))
}
out density
