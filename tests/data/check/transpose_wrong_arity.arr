out a = transpose()
