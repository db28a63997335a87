input x: [2,
out y = x
