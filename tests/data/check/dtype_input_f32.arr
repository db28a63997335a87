param nx = 4
input u: f32[nx]
out u
