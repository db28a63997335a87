var s = 0
for i in 0..2.5 {
    s = s + i
}
out s
