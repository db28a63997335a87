print zz
out a = 1
