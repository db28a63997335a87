param a = 1
if a > 0 and a < 2 {
    print a
}
