# A `return` in a run-time `if` inside a `for` would need the rest of the unrolled trips.
fn f(a) {
    for i in 0..3 {
        if a[0] > 100 { return a }
    }
    a * 2
}
input q
out y = f([1, 2, 3] * q)
