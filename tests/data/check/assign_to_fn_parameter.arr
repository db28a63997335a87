fn f(x) {
    x = x + 1
    x
}
out a = f(1)
