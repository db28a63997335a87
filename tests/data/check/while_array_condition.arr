input a: [3]
var s = 0.0
while a > 0 {
    s += 1
}
out s
