let a = x || y | z && w
