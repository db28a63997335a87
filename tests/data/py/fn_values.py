"""Functions as values: a `def` or a `lambda` passed, bound, chosen and called inside,
closures over a function's own names, defaults, keywords in any order, `*args`,
keyword-only parameters and tuple arguments."""
import numpy as np

L = 1.0
sigma = 0.1
scale = 2.0


def gaussian(x):
    return np.exp(-0.5 * ((x - L / 2) / sigma) ** 2)


def apply(f, x):
    return f(x) + 1.0


def solver(I, n, scheme):
    x = np.linspace(0, L, n)
    u = np.zeros(n)
    u[:] = I(x)
    if scheme == 'double':
        u *= 2.0
    elif scheme == 'half':
        u *= 0.5
    return u


square = lambda v: v * v
x = np.linspace(0.0, 1.0, 11)
applied = apply(gaussian, x)
lam = apply(lambda v: 3.0 * v, x)
squared = square(x)
doubled = solver(gaussian, 11, 'double')
halved = solver(square, 11, 'half')

method = 'square'
if method == 'square':
    chosen = square
else:
    chosen = gaussian
picked = chosen(x)


# A closure reads its own function's names, not the module's of the same name.
def outer(x):
    scale = 10.0

    def inner(y):
        return scale * y

    return inner(x)


closed = outer(x)


def with_defaults(a, b=scale, c=3.0):
    return a * b + c


defaults = with_defaults(x)
keywords = with_defaults(c=1.0, a=x, b=4.0)


def flux(rho, u_max, rho_max):
    return rho * u_max * (1.0 - rho / rho_max)


def forward(rho, bounds, *args):
    F = flux(rho, *args)
    F[0] = bounds[0]
    F[-1] = bounds[1]
    return F


def keyword_only(a, *, shift, factor=2.0):
    return factor * a + shift


forwarded = forward(x, (x[1], x[-2]), 1.0, 2.0)
kwonly = keyword_only(x, shift=0.5)

np.save("applied.npy", applied)
np.save("lam.npy", lam)
np.save("squared.npy", squared)
np.save("doubled.npy", doubled)
np.save("halved.npy", halved)
np.save("picked.npy", picked)
np.save("closed.npy", closed)
np.save("defaults.npy", defaults)
np.save("keywords.npy", keywords)
np.save("forwarded.npy", forwarded)
np.save("kwonly.npy", kwonly)
