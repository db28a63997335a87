fn f(x) {
    let y = x + 1
}
out a = f(1)
