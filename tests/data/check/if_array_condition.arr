let c = ones([3])
var a = 0
if c {
    a = 1
}
out a
