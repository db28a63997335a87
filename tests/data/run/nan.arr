# NaN and infinities: NaN propagates through min/max/sum like NumPy, 0/0, log of negatives.
# tolerance: exact
let v = [1, 0, -3, 2] / [1, 0, 1, 1]
let m = reshape([4, 0, -1, 2, 5, 7], [2, 3]) / reshape([1, 0, 1, 1, 1, 1], [2, 3])
out v
out zero_div = 0 / 0
out inf = [1, -1] / 0
out lg = log([-1, 0, 1])
out sq = sqrt(-4)
out min_v = min(v)
out max_v = max(v)
out min0 = min(m, 0)
out max1 = max(m, 1)
out min1 = min(m, -1)
out sum_v = sum(v)
out mean_v = mean(v)
out minimum_ = minimum(v, 0)
out maximum_ = maximum(0, v)
out eq_self = v == v
out ne_self = v != v
out lt = v < 5
out rem_zero = 5 % 0
out pw = pow(-2, 0.5)
out sg = sign(v)
out ab = abs(v)
out fl = floor(v)
out wh = where(v > 0, v, 0)
out cl = clip(v, 0, 1)
