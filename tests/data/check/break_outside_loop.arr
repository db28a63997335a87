fn f(x) {
    break
    x
}
var s = 0.0
loop i in 0..3 {
    s = f(s)
}
out s
