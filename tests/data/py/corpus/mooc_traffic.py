# Corpus: traffic flow (the LWR model) with a red light: density rho, flux
# F = V_max rho (1 - rho/rho_max), the Lax-Friedrichs scheme over array slices.
# After: L. A. Barba et al., "Practical Numerical Methods with Python" (numerical-mooc),
#   module 3 "Riding the wave", https://github.com/numerical-mooc/numerical-mooc
#   lessons/03_wave (code BSD-3-Clause, text CC-BY).
# Written in that lesson's idiom for the corpus, not copied (SOURCES.md).
# Harness: the np.save line.
# tolerance: exact
import numpy


def rho_red_light(x, rho_max):
    rho = rho_max * numpy.ones_like(x)
    mask = numpy.where(x < 3.0)
    rho[mask] = 0.5 * rho_max
    return rho


def flux(rho, u_max, rho_max):
    F = rho * u_max * (1.0 - rho / rho_max)
    return F


def lax_friedrichs(rho0, nt, dt, dx, bc_values, *args):
    rho = rho0.copy()
    for n in range(nt):
        F = flux(rho, *args)
        rho[1:-1] = (0.5 * (rho[:-2] + rho[2:]) -
                     dt / (2.0 * dx) * (F[2:] - F[:-2]))
        rho[0] = bc_values[0]
        rho[-1] = bc_values[1]
    return rho


nx = 81
L = 4.0
dx = L / (nx - 1)
nt = 40
rho_max = 10.0
u_max = 1.0
x = numpy.linspace(0.0, L, num=nx)

rho0 = rho_red_light(x, rho_max)
sigma = 1.0
dt = sigma * dx / u_max
rho = lax_friedrichs(rho0, nt, dt, dx, (rho0[0], rho0[-1]), u_max, rho_max)
numpy.save("rho.npy", rho)
