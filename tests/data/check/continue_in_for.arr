var s = 0.0
loop i in 0..3 {
    for j in 0..2 {
        continue
    }
}
out s
