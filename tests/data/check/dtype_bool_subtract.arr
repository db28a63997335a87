# NumPy refuses `-` on bools: "use the bitwise_xor, the ^ operator, or the logical_xor".
let m = ones([3]) > 0.0
out r = m - m
