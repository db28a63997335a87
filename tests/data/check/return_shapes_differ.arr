# Every path through a function must give a value of the same shape.
fn pick(a, c) {
    if c > 0 {
        return a
    }
    sum(a)
}
var acc = zeros([3])
loop i in 0..4 {
    acc = acc + pick([1, 2, 3], i % 2)
}
out acc
