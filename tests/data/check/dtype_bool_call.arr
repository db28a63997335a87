let a = ones([4])
let m = bool(a)
print(m)
