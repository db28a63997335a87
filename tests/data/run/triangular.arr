# An inner scope whose bound is the outer scope's index (a runtime scalar in the `loop` form).
# tolerance: exact
var s = 0
var v = zeros([3])
loop i in 0..5 {
    loop j in 0..i {
        s = s + i * 10 + j
        v = v * 0.5 + j
    }
}
out s
out v
