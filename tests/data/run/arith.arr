# Broadcasting arithmetic with every binary operator.
let a = reshape(linspace(-2, 3, 6), [6, 1])
let b = linspace(1, 4, 4)
out sum_ab = a + b
out diff = a - b
out prod = a * b
out quot = a / b
out rem = a % b
out powr = b ^ 3
