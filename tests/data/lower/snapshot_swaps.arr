# `let pn = p` followed by a region assignment of p: no copy of p; the region and the rest
# of p go to the spare buffer, which then swaps with p (pn reads the old values there).
# kernels: 11 `let pn = p` before a region assignment of p copies nothing: the region and the rest go to the spare buffer.
param n = 8
param sweeps = 3

var p = zeros([n, n])
let y = linspace(0, 1, n)
p[:, -1] = y
loop s in 0..sweeps {
    let pn = p
    p[1:-1, 1:-1] = 0.25 * (pn[1:-1, 2:] + pn[1:-1, 0:-2] + pn[2:, 1:-1] + pn[0:-2, 1:-1])
    p[:, 0] = 0
    p[:, -1] = y
    p[0, :] = p[1, :]
    p[-1, :] = p[-2, :]
}
out p
