# `float32` is NumPy's name; here the dtype is spelled `f32`.
input u: float32[4]
out u
