var s = 0.0
for i in 0..3 {
    s += i
    if i == 1 {
        break
    }
}
out s
