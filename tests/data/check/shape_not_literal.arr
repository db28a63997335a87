let s = 3
let a = zeros(s + [1])
out a
