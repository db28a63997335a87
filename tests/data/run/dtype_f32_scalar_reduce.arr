# Reductions of 0-d float32 values, an input and a cast: a float32 sum over no dimension
# once asked for the innermost dimension of none (a compiler panic).
input a: f32
out s = sum(a)
out m = mean(a)
out d = std(a)
out p = prod(a)
let z = f32(2.5)
out t = sum(z)
out v = var(z)
