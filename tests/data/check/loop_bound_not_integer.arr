var s = 0
loop i in 0..2.5 {
    s = s + i
}
out s
