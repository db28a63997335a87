# A small advect: the `for` is unrolled into three copies of the step.
# kernels: 4 A `for` is unrolled: the fill plus one update kernel per trip (three).
param nx = 4
param ny = 3
var density = ones([nx, ny])
let velocity = broadcast(linspace(0, 1, ny), [nx, ny])
for i in 0..3 {
    density = density + 0.1 * (-velocity * grad(density, 0))
}
out density
