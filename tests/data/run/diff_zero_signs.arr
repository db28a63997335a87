# Found by tools/difftest (issue 22): NumPy's `minimum` and `maximum` give their second
# operand of two equal values (`0.0` and `-0.0`) and propagate NaN; `clip` with scalar
# bounds keeps a value equal to a bound, with array bounds gives the bound; `min` and
# `max` fold from the left with the same rule.
let a = [-0.0, 0.0, -0.0, 0.0]
let b = [0.0, -0.0, -0.0, 0.0]
out lo = minimum(a, b)
out hi = maximum(a, b)
out lo32 = minimum(astype(a, f32), astype(b, f32))
out hi32 = maximum(astype(a, f32), astype(b, f32))
out lo_scalar = minimum(a, 0.0)
out hi_scalar = maximum(-0.0, a)
out clip_scalar = clip(a, 0.0, 1.0)
out clip_upper = clip(b, -1, -0.0)
out clip_arrays = clip(a, b, b)
out clip32 = clip(astype(a, f32), 0, 1)
out min_ab = min([0.0, -0.0])
out max_ab = max([-0.0, 0.0])
out max_ba = max([0.0, -0.0])
out min_rows = min(reshape([0.0, -0.0, -0.0, 0.0], [2, 2]), 0)
