var s = 0
for i in range(10) {
    s += i
}
out s
