# dot of rank-1 arrays and matmul of rank-2 arrays.
let a = [1, 2, 3.5]
let b = [-1, 0.5, 4]
out d = dot(a, b)
out d_lin = dot(linspace(0, 1, 7), linspace(1, 2, 7))
let ma = [[1, 2, 3], [4, 5, 6]]
let mb = [[1, 0], [-1, 2], [0.5, 3]]
out ab = matmul(ma, mb)
out ba = matmul(mb, ma)
out a_at = matmul(ma, transpose(ma))
out sq = matmul(reshape(linspace(-1, 1, 16), [4, 4]), reshape(arange(16), [4, 4]))
out row = matmul([[1, 2, 3]], mb)
