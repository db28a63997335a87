# stage: run
let a = zeros([4])
var s = 0
loop i in 0..3 {
    for j in 0..2 {
        s = s + a[i * 2 + j]
    }
}
out s
