# Copies into a name bound before the loop whose old array is observed: read in the body
# before the copy, read after the loop, or read by a function as a global. Each must keep
# NumPy's meaning (the last iteration's copy, or the one before the loop).
import numpy as np

nx = 8

q = np.zeros(nx)
q[3] = 1.0
qn = np.ones(nx)
for n in range(3):
    q[1:-1] = q[1:-1] + 0.5 * qn[1:-1]
    qn = q.copy()

r = np.arange(nx) * 1.0
rn = np.zeros(nx)
for n in range(4):
    rn = r.copy()
    r[1:] = r[1:] + rn[:-1]
last = rn + 1

s = np.ones(nx)
sn = np.zeros(nx)


def total():
    return np.sum(sn)


acc = 0.0
for n in range(3):
    sn = s * (n + 1)
    acc = acc + total()

t = np.ones(nx)
tn = np.zeros(nx)
k = 0
while k < 0:
    tn = t.copy()
    k += 1

np.save("q.npy", q)
np.save("qn.npy", qn)
np.save("last.npy", last)
np.save("acc.npy", acc)
np.save("tn.npy", tn)
