var a = 0
for i in 0..3 {
    a = a + i
out a
