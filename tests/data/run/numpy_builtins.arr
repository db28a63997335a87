# SPEC Version 2's builtins with their edge cases: concatenate stack pad diff cumsum
# zeros_like ones_like full_like copy prod std var any all argmin argmax, and
# reductions over several axes.
# tolerance: arithmetic
let v = [3, 1, 4, 1, 5, 9, 2, 6]
let m = reshape(arange(12), [3, 4]) * 0.5 - 1
let c = reshape(arange(24), [2, 3, 4])
let one = [7.5]

out cat0 = concatenate([v, [10, 11], one])
out cat1 = concatenate([m, m[:, :1] * 10], axis=1)
out cat_last = concatenate([m, m ** 2], -1)
out cat_rows = concatenate([m, m[1:, :] + 100], 0)
out cat_empty = concatenate([v[:0], one, v[8:]])
out stack0 = stack([v, v * 2])
out stack1 = stack([v, v * 2, v * 3], axis=1)
out stack_last = stack([m, -m], -1)
out stack_scalars = stack([1, 2, 3])
out pad_int = pad(v, 2)
out pad_pair = pad(m, [1, 2])
out pad_pairs = pad(m, [[0, 1], [2, 0]])
out pad_edge = pad(m, 1, mode="edge")
out pad_wrap = pad(m, [[1, 2], [3, 4]], "wrap")
out pad_zero = pad(v, 0, "edge")
out pad_nothing = pad(v[:0], 2)
out diff1 = diff(v)
out diff_last = diff(m)
out diff0 = diff(m, 0)
out diff_axis = diff(c, axis=1)
out diff_single = diff(one)
out cumsum_flat = cumsum(m)
out cumsum0 = cumsum(m, 0)
out cumsum_last = cumsum(c, axis=-1)
out zl = zeros_like(m) + 1
out ol = ones_like(v)
out fl = full_like(m, 2.5)
out copied = copy(m) - m[0, 0]
out prod_all = prod(v)
out prod_axis = prod(m + 3, 1)
out prod_empty = prod(v[:0])
out var_all = var(v)
out var_axis = var(m, 0)
out std_all = std(v)
out std_axis = std(c, axis=-1)
out std_one = std(one)
out var_axes = var(c, [0, 2])
out any_all = [any(v > 8), any(v > 9), all(v > 0), all(v > 1), any(v[:0]), all(v[:0])]
out any_axis = any(m > 3, 1)
out all_axis = all(m > -1, 0)
out argmax_all = argmax(v)
out argmin_all = argmin(v)
out argmax_ties = argmax([1, 5, 5, 2, 5])
out argmin_ties = argmin([3, 0, 2, 0])
out argmax_axis = argmax(c * (c - 10) * (c - 20), axis=1)
out argmin_axis = argmin(m * (m - 2), 0)
out argmax_matrix = argmax(m * (4 - m))
out sum_axes = sum(c, [0, 2])
out mean_axes = mean(c, [-1, 0])
out max_axes = max(c, [1, 2])
out prod_axes = prod(c[:, :2, :2] + 1, [0, 1])
out sum_all_axes = sum(c, [0, 1, 2])
let (gx, gy) = meshgrid(linspace(0, 1, 4), v[:3])
out mesh = gx * 10 + gy
let (gi, gj) = meshgrid(arange(2), arange(3), indexing="ij")
out mesh_ij = gi * 10 + gj + sum(meshgrid_sum(v[:2]))
fn meshgrid_sum(x) {
    let (a, b) = meshgrid(x, x)
    a - b
}
let (fx, fy) = meshgrid(m[:2, :2], one)
out mesh_flat = fx - fy
out pad_wrap_wide = pad(v[:3], [7, 5], mode="wrap")
out pad_wrap_wide2 = pad(m[:, :2], [[4, 1], [3, 5]], "wrap") + pad(one, 2, "wrap")[0]
