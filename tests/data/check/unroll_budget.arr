var s = 0
for i in 0..100000000 {
    s = s + i * 2
}
out s
