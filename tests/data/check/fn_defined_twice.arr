fn f(x) = x + 1
fn f(x) = x + 2
out a = f(1)
