fn f(x)
{
    let y = x + 1; ;
    y }
if 1 { }
