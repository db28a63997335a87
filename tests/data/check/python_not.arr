param a = 1
if not a > 0 {
    print a
}
