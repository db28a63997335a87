# exp log sin cos tan tanh pow and ^ with non-square exponents.
# tolerance: transcendental
let x = linspace(-2, 2, 9)
out e = exp(x)
out lg = log([0.5, 1, 2, 10, 1e-3, 12345.678])
out s = sin(x)
out c = cos(x)
out t = tan(x)
out th = tanh(x * 3)
out p = pow(linspace(0.5, 3, 6), 2.5)
out p_base = pow(2, [-1, 0, 0.5, 3, 10.25])
out cube = x ^ 3
out p_bc = [1.5, 2, 3] ^ reshape([2, 0.5], [2, 1])
out gauss = exp(-0.05 * (x + 1)^2 - 0.005 * (x - 2)^2)
out mixed = sqrt(exp(x)) * log(1 + x * x) + sin(x) * cos(x)
