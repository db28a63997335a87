input u: [4]
u = u + 1
out u
