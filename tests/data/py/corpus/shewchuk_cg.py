# Corpus: the conjugate gradient method on the 1-D Poisson matrix (tridiagonal 2, -1),
# built with np.diag; the residual recurrence, stopping on the residual norm.
# After: J. R. Shewchuk, "An Introduction to the Conjugate Gradient Method Without the
#   Agonizing Pain" (1994), algorithm B2, as commonly transcribed to NumPy (e.g.
#   Wikipedia "Conjugate gradient method", "Example code").
# Written for the corpus in that common idiom, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: arithmetic
import numpy as np


def conjugate_gradient(A, b, x0, tol=1e-10, max_iter=1000):
    x = x0.copy()
    r = b - A @ x
    p = r.copy()
    rs_old = r @ r
    for i in range(max_iter):
        Ap = A @ p
        alpha = rs_old / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        if np.sqrt(rs_new) < tol:
            break
        p = r + (rs_new / rs_old) * p
        rs_old = rs_new
    return x, i + 1


n = 50
A = 2 * np.eye(n) - np.diag(np.ones(n - 1), 1) - np.diag(np.ones(n - 1), -1)
b = np.ones(n) / (n + 1)**2
x, iterations = conjugate_gradient(A, b, np.zeros(n))
print(iterations)
np.save("x.npy", x)
np.save("residual.npy", b - A @ x)
