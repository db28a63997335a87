# jacobi_rebind.py in `.arr`: the new array is a `var` of the loop body and the carried
# name takes its buffer with the swap `u, u_new = u_new, u`.
param n = 256
param steps = 400

var u = zeros([n, n])
u[n // 4 : 3 * n // 4, n // 4 : n // 2] = 1.0
loop step in 0..steps {
    var u_new = zeros([n, n])
    u_new[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    u_new[0, :] = 0.0
    u_new[-1, :] = 0.0
    u_new[:, 0] = 0.0
    u_new[:, -1] = 0.0
    u, u_new = u_new, u
}
out u
