# kind: syntax
# message: expected
fn f(a,) = a
out b = f(1)
