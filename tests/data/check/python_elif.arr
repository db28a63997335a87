param a = 1
if a > 2 {
    print a
}
elif a > 0 {
    print 0
}
