# From "From Python to Numpy" (Rougier), the Game of Life step with a masked write through
# a view (https://github.com/robertmaxwilliams/GOL-of-Life/blob/master/gol_iterate.py):
# the masked region of the view is not known at compile time yet, so it is refused.
import numpy as np

Z = np.zeros((6, 6), dtype=int)
Z[2, 1:4] = 1
N = (Z[0:-2,0:-2] + Z[0:-2,1:-1] + Z[0:-2,2:] +
     Z[1:-1,0:-2]                + Z[1:-1,2:] +
     Z[2:  ,0:-2] + Z[2:  ,1:-1] + Z[2:  ,2:])
birth = (N==3) & (Z[1:-1,1:-1]==0)
survive = ((N==2) | (N==3)) & (Z[1:-1,1:-1]==1)
Z[...] = 0
Z[1:-1,1:-1][birth | survive] = 1
np.save("Z.npy", Z)
