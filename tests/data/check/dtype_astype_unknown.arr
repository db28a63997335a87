let a = ones([4])
print(astype(a, 2))
