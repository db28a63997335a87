# Scalar inputs (`input dt` and `input alpha: []`): a diffusion step with run-time
# coefficients, scalar-driven constructors, and a run-time `if` on an input.
# tolerance: exact
param n = 16
param steps = 10
input dt
input alpha: []

var u = where(arange(n) == n / 2, 1, 0)
loop s in 0..steps {
    u = u + dt * alpha * (roll(u, 1, 0) + roll(u, -1, 0) - 2 * u)
}
out u
out scaled = dt * [1, 2, 3] + alpha
out lin = linspace(dt, alpha, 5)
out filled = full([2, 3], alpha)
out power = alpha ^ 2 + dt ^ -1
var branch = 0
if dt > 0.05 {
    branch = 1 + alpha
} else {
    branch = 2
}
out branch
out both = [dt, alpha, -dt]
