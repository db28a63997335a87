let a = arange(3)
out p = pad(a, -1)
