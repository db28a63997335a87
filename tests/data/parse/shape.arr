input u: [4]
input v: [4, 8,]
input w: []
