param n = 4
input u: [n]
let a = u
var b = a
b += 1
out b
print a[0]
return a
loop i in 0..n { continue }
a
