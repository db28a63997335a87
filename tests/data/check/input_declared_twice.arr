input u: [3]
input u: [4]
out u
