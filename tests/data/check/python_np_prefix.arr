let u = np.zeros([4])
out u
