# `return` inside a `for` and inside nested run-time `if`s in functions.
# tolerance: exact
# forms: single (a `return` inside a `loop` is refused, so `first_big` has no `loop` form)
fn first_big(a) {
    for i in 0..3 {
        let t = a * 2 + i
        if i == 1 { return t }
    }
    a
}
fn nested(a) {
    if a[0] > 0 {
        let b = a + 1
        if a[1] > 5 { return b }
        b * 3
    }
    a * 2
}
fn both(a) {
    if a[0] > 0 {
        if a[1] > 0 { return a }
    }
    a * 2
}
fn f(a, i) {
    var t = a
    if i % 2 == 0 {
        t = roll(t, 1, 0)
        if t[0, 0] > 5 { return t * 0.5 }
    }
    t = t + transpose(t)
    if sum(t) > 1000 { return -t }
    t
}
let a = [1, 2, 3]
let b = first_big(a)
let c = a * 10
out y = b
out c
var n = zeros([3])
var m = zeros([3])
loop i in 0..4 {
    n = n + nested(a * (i - 1) + i)
    m = m + both(a - i)
}
out n
out m
var x = reshape(arange(9), [3, 3])
loop i in 0..6 { x = f(x, i) + f(transpose(x), i + 1) }
out x
