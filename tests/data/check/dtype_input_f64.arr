input u: f64[3]
out u
