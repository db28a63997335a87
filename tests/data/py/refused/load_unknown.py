"""np.load of a file whose shape the host did not read first: refused at the line."""
import numpy as np

u = np.load("load_missing.npy")
np.save("v.npy", u * 2)
