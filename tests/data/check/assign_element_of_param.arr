param n = 4
n[0] = 1
out n
