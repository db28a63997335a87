# Array inputs with declared shapes (`input NAME: [shape]`): arithmetic, broadcasting,
# reductions, slicing and views of inputs, roll, grad, matmul, and inputs read inside scopes.
param m = 4
param n = 5
input field: [m, n]
input weights: [n]
input cube: [2, 3, 4]

out scaled = field * 2 + weights
out row_sums = sum(field, 1)
out col_max = max(field, 0)
out total = sum(cube)
out cube_sum = sum(cube, 1)
let flipped = field[1:, ::-1]            # a view of an input
out flipped
out cube_t = transpose(cube)
out rolled = roll(field, 2, 1) - field
out grad_f = grad(field, 1)
out weighted = matmul(field, reshape(weights, [n, 1]))
out w_dot = dot(weights, field[0])
out outer = reshape(weights, [n, 1]) * weights[1:4]

var acc = zeros([m, n])
for i in 0..3 {
    acc = acc + field * i - weights[i]
}
out acc
