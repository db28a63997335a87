var a = 1
if 1 {
    let a = 2
    a = 3
}
out a
