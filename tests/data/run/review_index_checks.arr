# Index checks keep the buffers they read alive and see the value at the time of the `let`.
# tolerance: exact
fn f(a) {
    let k = sum(a) - 6
    a[k]
}
let a = [1, 2, 5]
out y = f(a) + sum(a * 0) + sum(a * 0)
var k = 0
let b = [10, 20, 30]
let r = b[k]
k = 2
out r_then = r
out r_now = b[k]
