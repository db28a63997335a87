# A small advect: the `for` is unrolled into three copies of the step.
param nx = 4
param ny = 3
var density = ones([nx, ny])
let velocity = broadcast(linspace(0, 1, ny), [nx, ny])
for i in 0..3 {
    density = density + 0.1 * (-velocity * grad(density, 0))
}
out density
