var a = 0
if 1 {
    out a
}
