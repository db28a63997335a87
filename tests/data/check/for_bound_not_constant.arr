input n
var s = 0
for i in 0..n {
    s = s + i
}
out s
