param n = int(1_000 / 3.) + .5e1
let a = -2**2 ** 3 // 4 @ b % 5
let m = a > 0 & b < 1 | ~c && !d || True
let s = sum(a, axis=1) + pad(a, [[1, 2]], mode="edge")
let v = var(a) + a[None, ..., 1:, ::2]
