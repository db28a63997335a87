# A region assignment whose right-hand side reads elements the region writes at other
# points (an overlapping shift, a reversal) goes through a scratch buffer first.
# kernels: 6 An overlapping region assignment goes through a scratch buffer: two kernels for each of the two, plus the two starting copies.
var u = arange(6)
u[1:] = u[:-1]
var w = arange(6)
w[::-1] = w
out u
out w
