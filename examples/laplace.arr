# The 2-D Laplace equation by Jacobi iteration until the relative l1 change falls below a
# target ("12 steps to Navier-Stokes" step 9), ported line by line from NumPy: the boundary
# conditions are region assignments, the iteration a `while` on the l1 norm. `let pn = p`
# is a snapshot (NumPy's `p.copy()`): arrays are values.
param nx = 31
param ny = 31
param dx = 2 / (nx - 1)
param dy = 2 / (ny - 1)

fn laplace2d(p, y, dx, dy, l1norm_target) {
    var l1norm = 1
    while l1norm > l1norm_target {
        let pn = p
        p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                          dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                         (2 * (dx**2 + dy**2)))

        p[:, 0] = 0             # p = 0 @ x = 0
        p[:, -1] = y            # p = y @ x = 2
        p[0, :] = p[1, :]       # dp/dy = 0 @ y = 0
        p[-1, :] = p[-2, :]     # dp/dy = 0 @ y = 1
        l1norm = (sum(abs(p[:]) - abs(pn[:])) /
                  sum(abs(pn[:])))
    }
    p
}

var p = zeros([ny, nx])
let y = linspace(0, 1, ny)

p[:, 0] = 0
p[:, -1] = y
p[0, :] = p[1, :]
p[-1, :] = p[-2, :]

p = laplace2d(p, y, dx, dy, 1e-4)
out p
out centre = p[ny // 2, nx // 2]
