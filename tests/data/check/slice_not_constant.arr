let a = arange(6)
var s = 0
loop i in 0..3 {
    s = s + sum(a[i:])
}
out s
