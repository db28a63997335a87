let a = arange(3)
out p = pad(a[:0], 1, mode="edge")
