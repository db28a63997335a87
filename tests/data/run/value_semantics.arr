# `let pn = p` is a snapshot: later changes of `p` (region, element, whole, shifted, masked,
# in loops and branches) never change `pn`. The compiler avoids the copy where it can.
var p = arange(6)
let a = p
p[1:-1] = a[2:] + a[:-2]
let b = p
p = p * 2
let c = p
p = roll(p, 1, 0)
p = roll(p, 1, 0)
let d = p
p[0] = -1
let e = p
p[p > 10] = 0
out a
out b
out c
out d
out e
out p

var q = ones([4, 4])
var history = zeros([3, 4, 4])
loop s in 0..3 {
    let qn = q
    q[1:-1, 1:-1] = qn[1:-1, 2:] + qn[:-2, 1:-1] + s
    q[0, :] = q[1, :]
    if s == 1 {
        q[:, 0] = qn[:, 3]
    }
    history[s] = q - qn
}
out q
out history
