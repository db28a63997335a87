# stage: run
let m = zeros([2, 3])
var s = 0
loop i in 0..4 {
    s = s + m[1, i]
}
out s
