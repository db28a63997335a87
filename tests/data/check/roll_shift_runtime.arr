var a = arange(5)
loop i in 0..3 {
    a = roll(a, i, 0)
}
out a
