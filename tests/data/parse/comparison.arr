let a = x < y <= z > w >= v == u != t
