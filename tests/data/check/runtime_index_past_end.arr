# stage: run
let a = [1, 2, 3]
var s = 0
loop i in 0..5 {
    s = s + a[i]
}
out s
