# Flocking-like selective update (issue 23, item 1): each step turns only the birds that
# see a neighbour, by the cosine and sine of their heading; the rest keep their velocity.
# `where(near, cos(theta), vx)` computes cos and sin only where `near` holds (about
# `fraction` of the birds).
param n = 200000
param steps = 20
param fraction = 0.1
input theta: [n]
input seen: [n]
var vx = zeros([n])
var vy = zeros([n])
loop s in 0..steps {
    let near = seen < fraction
    vx = where(near, cos(theta + 0.01 * s), vx)
    vy = where(near, sin(theta + 0.01 * s), vy)
}
out vx
out vy
