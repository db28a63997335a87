let a = zeros([4], dtype=f32)
let b = roll(u, shift=1, axis=0)
let c = f(x)
