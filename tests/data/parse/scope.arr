var s = 0
for i in 0..4 { s += i }
loop j in 1..n - 1 unroll 4 {
    s -= j
}
