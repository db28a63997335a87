# What NumPy users type: number forms, pi and e, **, //, @, & | ~, True/False,
# None and ... in indexing, int(), builtins in params, keyword arguments.
# tolerance: arithmetic
param n = int(10 / 3) + 1_000 - 1_000
param half = floor(7 / 2) + round(0.5) + abs(-1) + min(n, 2) + max(1, 0)
param big = 1_000.5 + 2_0e-1
let a = arange(6) * .5 + 5.
let m = reshape(arange(12), [3, 4])

out numbers = [.5, 5., 1_000, 1_000.25, 2.5e-3, .5e1, big]
out consts = [pi, e, pi * 2 - e]
fn twice(e) = e * 2
out shadowed = twice(4)
out powers = [-2**2, 2**-1, 2**3**2, (-2)**2, 2^3]
out power_array = a[:2] ** 2 - a[4:] ^ 2 + m[1, :2] ** 3 + a[:2] ** .5
out floor_div = [7 // 2, -7 // 2, 7 // -2, -7.5 // 2, 1 // 0.1, 7.5 // 0.5, 0 // 3, -0.5 // 1]
out floor_div_array = (m - 5) // 3 + m // 2.5
out floor_div_precedence = 1 + 7 // 2 * 3
out matrix = m @ transpose(m) + 1
out vec_mat = a[:3] @ m
out mat_vec = m @ a[:4]
out vec_vec = a @ a
out matmul_chain = a[:3] @ m @ transpose(m) * 2
out masks = (a > 5.5) & (a < 7) | (a == 5)
out mask_precedence = a > 5.5 & a < 7
out negated = ~(a > 6)
out bools = [True, False, True + True]
out new_axis = m[None, :, 1] + 0
out new_axis_last = a[:, None] + a[None, :]
out ellipsis = m[..., 1] + m[0, ...][1:]
out int_values = [int(2.7), int(-2.7), int(-0.5), int(3)]
out int_array = int(a - 6)
out int_index = m[int(n / 2), int(2.9)]
out int_slice = a[int(n / 2):int(n * 1.9)]
out params = [n, half]
out keyword_sum = sum(m, axis=1)
out keyword_mean = mean(m, axis=-1)
out keyword_grad = grad(a, axis=0)
out keyword_roll = roll(a, 2, axis=0)
out keyword_order = pad(m, mode="edge", pad_width=[1, 0]) + roll(m, axis=1, shift=-1)[0, 0]
out keyword_all = clip(a_max=6, a_min=5.5, a=a) + linspace(num=6, start=0, stop=1)
var rows = 0
for i in 0..2 {
    rows += sum(m[i + 1, int(n / 2) :] // 2) * 10**i
}
out rows
