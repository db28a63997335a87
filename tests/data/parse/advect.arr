# 1-D advection of a 2-D density field (velocity along axis 0 only, steady).
# The seed study's experiment on its 512 x 128 grid; `for` unrolls the steps at compile time.
param nx = 512
param ny = 128
param steps = 10
param dt = 0.1

let x = reshape(linspace(-32, 32, nx), [nx, 1])
let y = linspace(-16, 16, ny)
var density = exp(-0.05 * (x + 8)^2 - 0.005 * (y - 2)^2)
let velocity = broadcast(exp(-0.05 * y^2), [nx, ny])

for i in 0..steps {
    density = density + dt * (-velocity * grad(density, 0))
}
out density
