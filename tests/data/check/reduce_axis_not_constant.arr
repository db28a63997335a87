let a = zeros([3, 4])
var s = zeros([4])
loop i in 0..1 {
    s = sum(a, i)
}
out s
