var a = 0
for i in 0..2 {
    param k = 3
    a = a + k
}
out a
