# Element, region and masked assignment, as NumPy writes them: overlapping shifts both
# ways, negative steps, broadcasting into a region, compound forms, element stores with
# `loop` and `while` indices, rows of a trajectory, and a region that only reads elements
# it does not write (in place, no scratch buffer).
var up = arange(6)
up[1:] = up[:-1]
out up
var down = arange(6)
down[:-1] = down[1:]
out down
var reversed = arange(6)
reversed[::-1] = reversed
out reversed
var odd = arange(10)
odd[9:0:-2] = odd[0:9:2] * 10
out odd

var m = zeros([3, 4])
m[0, :] = 1
m[:, -1] = [5, 6, 7]
m[1:, 1:3] += 10
m[::2, 0] = -1
m[1, 1] = 99
m[2] -= 0.5
m[1:-1, 0] *= 3
m[-1, -2:] /= 4
out m

var b = ones([3, 4])
b[:, 1:3] = [[2], [3], [4]]
b[1:, :] = arange(4)
b[0] = 7
out b

var traj = zeros([4, 3])
var x = arange(3)
loop s in 0..4 {
    traj[s, :] = x
    x = x * 2 + 1
}
out traj

var squares = zeros([5])
var i = 0
while i < 5 {
    squares[i] = i * i
    squares[-1 - i] += 1
    i += 1
}
out squares

var q = arange(5)
q[q > 2] = 0
q[q < 1] *= 100
q[q == 1] = [10, 20, 30, 40, 50]
out q
var grid = arange(12)
grid[0:6] = grid[6:12]
out grid
var g = reshape(arange(16), [4, 4])
g[:, 0] = g[:, 1]
g[0, :] = g[1, :]
g[1:3, 1:3] = g[0:2, 0:2]
out g
var e = zeros([2, 3])
e[1:1, :] = 5
out e
