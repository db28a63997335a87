var x = 1.0
while x < 10 {
    x *= 2
    if x > 4 { break }
    continue
}
out x
