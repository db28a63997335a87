var count = 0
fn bump(x) {
    count = count + 1
    x
}
out a = bump(2)
