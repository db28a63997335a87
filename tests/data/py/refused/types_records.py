import numpy as np

P = np.zeros(3, [('x', np.float64), ('n', np.int64)])
Z = np.zeros((4, 4), [('U', np.double), ('V', np.double)])
Y = Z + 1
w = Z['W']
q = Z[1:]['U']
t = np.zeros(2, [('a', float)]) * 2
np.save("u.npy", Z['U'])
