let n = 3
let err = 0.5
print(n, err)
