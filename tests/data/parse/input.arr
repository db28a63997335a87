param n = 4
input dt
input s: []
input u: [n, 2 * n,]
input v: f32[n]
input h: i64
