input x
fn f(v) {
    if v > 0 {
        return v
    }
    -v
}
out a = f(x)
