fn square(x) = x * x
fn blend(a, b)
{
    let m = (a + b) / 2
    return m
}
fn zero() = 0
