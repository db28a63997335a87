fn f(x) {
}
out a = f(1)
