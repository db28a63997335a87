out a = linspace(0, 1, -3)
