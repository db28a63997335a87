var s = 0
loop i in 0..8 unroll 1.5 {
    s = s + i
}
out s
