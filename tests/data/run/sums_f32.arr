# float32 sums in NumPy's order, in float32: pairwise along the contiguous axis, a running
# float32 sum along the others; the mean divides the float32 sum.
# tolerance: exact
input f: f32[100000]
input g: f32[60, 300]
out n7 = sum(f[:7])
out n129 = sum(f[:129])
out n8193 = sum(f[:8193])
out n100000 = sum(f)
out mean_f = mean(f)
out fused129 = sum(abs(f[:129] - 0.5))
out fused2049 = sum(abs(f[:2049] - 0.5))
out fused33000 = sum(abs(f[:33000] - 0.5))
out fused_mean = mean(f * f)
out var_f = var(f)
out std_f = std(f)
out g_all = sum(g)
out g_rows = sum(g, axis=1)
out g_cols = sum(g, axis=0)
out g_mean_rows = mean(g, axis=1)
out g_inner = sum(g[1:-1, 1:-1])
