# stage: run
let a = [1, 2, 3]
var s = 0
loop i in 0..3 {
    s = s + a[i - 10]
}
out s
