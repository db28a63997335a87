let x = arange(3)
out n = np.linalg.norm(x)
