# NumPy's mean, var and std of ints and bools sum float64 values cast from the array in
# buffers of 8,192 elements: each buffer is summed pairwise on its own. Integer sums are exact.
# tolerance: exact
input k: i64[20000]
input m: i64[3, 9000]
out mean_k = mean(k)
out var_k = var(k)
out std_k = std(k)
out mean_8193 = mean(k[:8193])
out mean_rows = mean(m, axis=1)
out mean_cols = mean(m, axis=0)
out mean_m = mean(m)
out mean_mask = mean(k > 0)
out sum_k = sum(k)
out sum_mask = sum(m > 0, axis=1)
