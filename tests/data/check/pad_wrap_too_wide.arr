let a = arange(3)
out p = pad(a, 4, mode="wrap")
