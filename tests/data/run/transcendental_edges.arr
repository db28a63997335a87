# Transcendental functions at overflow, infinities and pow's special cases.
# tolerance: transcendental
let inf = 1 / 0
out ex = exp([1000, -1000, 709, -745, 0])
out lg = log([inf, 1e-300, 1e300])
out sq = sqrt([inf, 1e-300, 1e300])
out th = tanh([1000, -1000, 1e-10, 20])
out sn = sin([inf, 1e-10, 100])
out pw = pow([0, 0, -8, -2, inf, 1, 10, 2], [0, -1, 1/3, 3, 0, inf, -400, 1024])
out half = [4, 2, 0.25] ^ 0.5
out neg_exp = [4, 2, -0.5] ^ -2
