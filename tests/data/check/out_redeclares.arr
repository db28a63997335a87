var x = [1, 2]
out x = x * 2
x = x + 1
