input u: [4]
u[1:] = 0
out v = u
