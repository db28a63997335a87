let x = 2 * np.pi
out x
