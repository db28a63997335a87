out a = full([3], [1, 2, 3])
