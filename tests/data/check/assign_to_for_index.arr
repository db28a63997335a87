var s = 0
for i in 0..4 {
    i = i + 1
    s = s + i
}
out s
