input u: [4]
let v = u.astype(f32)
out v
