# Builtins applied to views (strided, reversed, transposed slices) rather than fresh arrays.
# tolerance: exact
let m = reshape(arange(20)^2, [4, 5])
out g_strided = grad(m[:, ::2], 1)
out g_rev = grad(m[::-1], 0)
out g_transposed = grad(transpose(m), 0)
out r_view = roll(m[1:, 1:], 1, 1)
out r_rev = roll(m[::-1, ::-1], -1, 0)
out t_view = transpose(m[1:3, ::2])
out s_view = sum(m[::-1, 1:], 1)
out mx_view = max(transpose(m), 0)
out mn_view = min(m[::2, ::-2], -1)
out bc_view = broadcast(m[0:1, ::-1], [3, 5])
out rs_transposed = reshape(transpose(m), [5, 4])
out rs_strided = reshape(m[::2, 1:], [2, 2, 2])
out idx_transposed = transpose(m)[1, 2]
out idx_strided = m[::-1, ::2][0, -1]
out where_view = where(m[1:3, :3] > 50, m[:2, 2:], transpose(m)[:2, :3])
out mm_view = matmul(transpose(m[:3, :3]), m[1:, ::2])
out dot_view = dot(reshape(m, [20])[::4], arange(5)[::-1])
