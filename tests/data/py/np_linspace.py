"""np.linspace's forms: num as a keyword, endpoint=False, retstep=True, dtype=float32 and
an integer dtype (floored), one point."""
# tolerance: exact
import numpy as np

a = np.linspace(0.0, 1.0, num=7)
b = np.linspace(-1.0, 1.0, 8, endpoint=False)
c, step = np.linspace(0.0, 2.0, 9, retstep=True)
d, step_open = np.linspace(1.0, 2.0, 4, endpoint=False, retstep=True)
e = np.linspace(-2.25, 0.75, 13, dtype=np.float32)
f = np.linspace(-3.0, 3.0, 10, dtype=int)
g = np.linspace(2.0, 5.0, 1)
h = np.linspace(0.1, 0.7, 3, endpoint=False)

np.save("a.npy", a)
np.save("b.npy", b)
np.save("c.npy", c)
np.save("step.npy", step)
np.save("d.npy", d)
np.save("step_open.npy", step_open)
np.save("e.npy", e)
np.save("f.npy", f)
np.save("g.npy", g)
np.save("h.npy", h)
