var s = 0
loop i in 0..8 unroll 0 {
    s = s + i
}
out s
