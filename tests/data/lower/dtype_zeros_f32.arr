# zeros, ones and full take a dtype; f32 arithmetic with Python floats stays float32.
# kernels: 3 Each output of f32 arithmetic is one kernel; the `let`s of constants are folded into constant buffers.
let a = zeros([4], f32)
let b = ones([4], dtype=f32) * 0.5 + a
out c = full([4], 2.5, f32) * b
out d = zeros_like(c) + 1.0
out e = f64(c) / 3.0
