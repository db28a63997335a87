# Region assignments write their region in place: no scratch buffer when the right-hand side
# reads only elements the region does not write (a boundary copy, a disjoint half) or the
# same element (a compound assignment).
# kernels: 6 Region assignments write in place: the fill plus one kernel per assignment, no scratch copies.
var u = zeros([4, 6])
u[0, :] = u[1, :]
u[:, -1] = u[:, -2]
u[1:-1, 1:-1] += 1
var v = arange(8)
v[0:4] = v[4:8] * 2
out u
out v
