fn f(v) {
    var s = v
    loop i in 0..3 {
        return s
    }
    s
}
out a = f(1)
