# Assigning a function parameter (whole, element, region, mask, compound) changes it only
# inside the call: the caller's `var` keeps its value.
fn bump(x, k) {
    x[0] = 100
    x += k
    x[1:] = x[:-1]
    x
}
var a = arange(4)
let b = bump(a, 1)
out a
out b
fn cap(y) {
    y[y > 2] = 2
    y = y * 10
    y
}
out c = cap(a)
fn count_down(n) {
    var steps = 0
    while n > 0 {
        n -= 3
        steps += 1
    }
    steps + n / 100
}
var start = 10
out steps = count_down(start)
out start_after = start
