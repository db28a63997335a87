# Boundary: a scalar used outside a kernel (a `loop` bound, a run-time `if` condition, a
# run-time index) that carries index checks of its own is computed into a buffer first.
# kernels: 4 A scalar used outside a kernel with index checks of its own is computed into a buffer first.
input a: [4]
input k
var x = zeros([4])
loop i in 0..a[k] {
    if a[k] > 1 {
        x = x + 1
    }
}
out x
