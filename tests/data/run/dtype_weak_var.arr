# A scalar `var` that starts as a Python number stays weak until it is given a NumPy value:
# then it has that value's dtype, as the Python name ends up (`err` is a float32 here, and
# the loop's test compares in float32); given only Python ints it stays a weak int.
# tolerance: exact
input u0: [16]
var v = f32(u0)
var err = 1.0
var it = 0
while err > 1e-3 {
    let old = v
    v[1:-1] = 0.5 * (v[:-2] + v[2:])
    err = max(abs(v - old))
    it += 1
}
var s = 0
loop i in 0..4 { s = s + i }
out err
out it
out v
out s
out scaled = v * s
