fn even(n) = odd(n - 1)
fn odd(n) = even(n - 1)
out a = even(4)
