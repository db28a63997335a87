if 1 {
    fn f(x) = x
}
out a = 1
