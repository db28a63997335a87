var s = 0
for i in 0..100000 {
    for j in 0..100000 {
        s = s + 1
    }
}
out s
