# where_lazy in float32: operands that call the C library computed only where selected.
# tolerance: float32
input y: f32[2000]
out f = where(y > 0.0, exp(y), y * 3.0)
out fs = sum(where(y > 0.5, cos(y), 0.0))
out masked = where(y > 1.0, log(y), 0.0)
