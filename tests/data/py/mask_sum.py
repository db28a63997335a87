# Sums of masked reads, NumPy-exact: `np.sum(f(a[m]))` is NumPy's pairwise sum over the
# compacted array, whose pieces follow the number selected (fewer than 8, up to 128, more).
# tolerance: exact
import numpy as np

np.random.seed(3)
a = np.random.rand(1000) * 10.0 - 5.0
b = np.random.rand(40, 25)
f = (np.random.rand(300) * 4.0).astype(np.float32)
k = np.random.randint(-50, 50, size=600)

sums = np.zeros(12)
sums[0] = np.sum(a[a > 0])                 # about 500 selected: split in pieces
sums[1] = np.sum(a[a > 4.9])               # a few: added one by one
sums[2] = np.sum(a[a > 100.0])             # none: 0.0
sums[3] = np.sum(a[np.abs(a) < 0.7] ** 2)  # between 8 and 128
sums[4] = np.sum(3.0 * b[b > 0.5] - 1.0)   # a 2-D mask
sums[5] = np.sum(2.0 * a[a < 0] + 1.0)
sums[6] = np.mean(a[a > 0])
sums[7] = np.sum(k[k > 0])                 # int64: exact in any order
sums[8] = np.sum(a[a > 0] * a[a > 0])      # two reads through the same mask
sums[9] = np.mean(b[b < 0.25])
m = a > 1.0
sums[10] = np.sum(a[m]) - np.sum(m)
sums[11] = a[a > 0].sum()
np.save("sums.npy", sums)

f_sum = np.zeros(2, dtype=np.float32)
f_sum[0] = np.sum(f[f > 1.0])              # float32, summed in float32
f_sum[1] = np.mean(f[f < 2.0])
np.save("f_sum.npy", f_sum)

# Inside a loop, with a mask that changes every trip (as the Vicsek model's neighbours).
x = np.random.rand(200)
acc = np.zeros(200)
for i in range(200):
    near = np.abs(x - x[i]) < 0.1
    acc[i] = np.sum(x[near] ** 2)
np.save("acc.npy", acc)
