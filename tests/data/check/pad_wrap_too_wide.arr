let a = arange(3)
out p = pad(a, 200, mode="wrap")
