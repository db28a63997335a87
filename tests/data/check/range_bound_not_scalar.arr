var s = 0
loop i in 0..zeros([3]) {
    s = s + i
}
out s
