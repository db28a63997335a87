var x = 3
while x > 0:
    x -= 1
