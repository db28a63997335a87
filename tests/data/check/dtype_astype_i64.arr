let a = ones([4])
print(astype(a, i64))
