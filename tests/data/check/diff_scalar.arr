out d = diff(3)
