# stage: run
# input: k=1e300
input k
let a = [1, 2, 3]
out s = a[k]
