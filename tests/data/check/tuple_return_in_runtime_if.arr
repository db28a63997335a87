fn f(a) {
    if a > 0 {
        return a, a
    }
    (a, -a)
}
input k
let (x, y) = f(k)
out z = x
