let x = rand([3], 1)
out n = np.random.rand(3)
