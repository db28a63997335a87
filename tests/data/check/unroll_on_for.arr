var s = 0
for i in 0..8 unroll 2 {
    s = s + i
}
out s
