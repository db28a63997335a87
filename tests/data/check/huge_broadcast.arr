var a = broadcast(1, [100000, 100000])
a = a * 2
out a
