var s = 0
loop i in 0..3 {
    s = s + 1
out s
