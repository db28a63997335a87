# Ported from tests/fixtures/originals/ported_nbody.py (a leapfrog N-body code in the style of Mocz's nbody.py).
# Changes beyond the mechanical: `x.T` is `transpose(x)`, `np.hstack((ax, ay, az))` is
# `concatenate((ax, ay, az), axis=1)`, and `r[m] = r[m]**(-1.5)` reads through `where` (a masked read is refused).
# tolerance: transcendental
fn getAcc(pos, mass, G, softening) {
    let x = pos[:, 0:1]
    let y = pos[:, 1:2]
    let z = pos[:, 2:3]
    let dx = transpose(x) - x
    let dy = transpose(y) - y
    let dz = transpose(z) - z
    var inv_r3 = (dx**2 + dy**2 + dz**2 + softening**2)
    inv_r3[inv_r3 > 0] = where(inv_r3 > 0, inv_r3**(-1.5), 0)
    let ax = G * (dx * inv_r3) @ mass
    let ay = G * (dy * inv_r3) @ mass
    let az = G * (dz * inv_r3) @ mass
    let a = concatenate((ax, ay, az), axis=1)
    return a
}

param N = 5
var t = 0
param tEnd = 1.0
param dt = 0.01
param softening = 0.1
param G = 1.0
let mass = 20.0 * ones([N, 1]) / N
var pos = [[0., 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]
var vel = [[0., .1, 0], [0, 0, .1], [.1, 0, 0], [0, .1, .1], [-.1, 0, 0]]
vel -= mean(mass * vel, 0) / mean(mass)
var acc = getAcc(pos, mass, G, softening)
param Nt = int(ceil(tEnd / dt))
loop i in 0..Nt {
    vel += acc * dt / 2.0
    pos += vel * dt
    acc = getAcc(pos, mass, G, softening)
    vel += acc * dt / 2.0
    t += dt
}
out pos
out vel
out t
