# let, var, assignment, compound assignment, shadowing, `out name` and `out name = expr`.
# tolerance: exact
param k = 3
let a = [1, 2, 3, 4]
var v = a * 2.0
v = v + 1
v += a
v -= 0.5
v *= 2
v /= 4
out v
var m = ones([2, 2])
m += [1, 2]
m *= [[2], [3]]
m -= 1
m /= 8
out m
let a = a * 10
out a
var s = 0
s += k
s *= s
out s
let done = v * 2; out done
out twice = v + v
