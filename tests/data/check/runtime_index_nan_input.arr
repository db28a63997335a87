# stage: run
# input: k=nan
input k
let a = [1, 2, 3]
out s = a[k]
