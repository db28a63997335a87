let a = arange(3)
out s = argmax(a[:0])
