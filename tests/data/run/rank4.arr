# Rank-4 arrays (the maximum rank) through shape, stencil, reduce, broadcast and slicing.
# tolerance: exact
let a = reshape(arange(120), [2, 3, 4, 5])
out t = transpose(a)
out s2 = sum(a, 2)
out s_first = sum(a, -4)
out mx = max(a, 1)
out mn = min(a, 3)
out g = grad(a^2, 2)
out g_last = grad(a^2, -1, 0.5)
out r = roll(a, 2, 3)
out bc = a + reshape([1, 2, 3], [3, 1, 1])
out sl = a[1:, ::2, ::-1, 1:4]
out el = a[1, 2, 3, 4]
out el_neg = a[-1, -2, 0, -5]
out rs = reshape(a, [6, -1])
out total = sum(a)
