# The advection example in float32: the density and velocity are float32, `dt` and the
# literals are Python floats and keep them float32, as in NumPy.
# tolerance: exact
param nx = 64
param ny = 16
param steps = 10
param dt = 0.1

let x = reshape(linspace(-32, 32, nx), [nx, 1])
let y = linspace(-16, 16, ny)
var density = f32(exp(-0.05 * (x + 8)^2 - 0.005 * (y - 2)^2))
let velocity = f32(broadcast(exp(-0.05 * y^2), [nx, ny]))

for i in 0..steps {
    density = density + dt * (-velocity * grad(density, 0))
}
out result = density
