input u: [4]
let d = u.dtype
out d
