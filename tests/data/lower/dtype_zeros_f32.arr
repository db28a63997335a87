# zeros, ones and full take a dtype; f32 arithmetic with Python floats stays float32.
let a = zeros([4], f32)
let b = ones([4], dtype=f32) * 0.5 + a
out c = full([4], 2.5, f32) * b
out d = zeros_like(c) + 1.0
out e = f64(c) / 3.0
