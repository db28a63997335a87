input m
input u: [m]
out u
