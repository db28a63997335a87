# A function may read a top-level name declared after the function but before its first
# call; it reads the value the name has at each call.
fn step(x) = x * scale + offset
fn twice(x) = step(step(x))
let scale = 2
var offset = 1
out a = twice(3)
offset = 5
out b = step(3)
