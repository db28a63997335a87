# Ported line by line from tests/fixtures/originals/ported_wave1d.py: the 1-D wave equation to a time, a `while`
# on t, the tuple swap `u_prev, u = u, u_next`, an `if n % 25 == 0` inside the `while`.
# tolerance: transcendental
param L = 1.0
param nx = 101
param c = 1.0
param dx = L / (nx - 1)
param dt = 0.5 * dx / c
param C2 = (c * dt / dx)**2
let x = linspace(0, L, nx)
var u_prev = sin(pi * x)
var u = zeros(nx)
u[1:-1] = u_prev[1:-1] + 0.5 * C2 * (u_prev[2:] - 2 * u_prev[1:-1] + u_prev[:-2])
var t = dt
var n = 1
var peak = 0.0
while t < 0.5 {
    var u_next = zeros(nx)
    u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + C2 * (u[2:] - 2 * u[1:-1] + u[:-2])
    u_prev, u = u, u_next
    t += dt
    n += 1
    if n % 25 == 0 {
        peak = max(abs(u))
    }
}
out u
out n
out t
out peak
