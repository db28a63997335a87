fn f(x) {
    var y = x
    while y < 10 {
        return y
    }
    y
}
out r = f(1.0)
