# A 2-D Laplace/Jacobi sweep on n x n as a NumPy user writes it: a snapshot, the interior
# update as one region assignment, then the four boundary assignments of every sweep.
param n = 512
param sweeps = 200

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
