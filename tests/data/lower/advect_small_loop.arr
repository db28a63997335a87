# A small advect: the `loop` stays a loop with one copy of the step.
# kernels: 2 A `loop` stays a loop: the fill plus one update kernel in its body.
param nx = 4
param ny = 3
var density = ones([nx, ny])
let velocity = broadcast(linspace(0, 1, ny), [nx, ny])
loop i in 0..3 {
    density = density + 0.1 * (-velocity * grad(density, 0))
}
out density
