let True = 1
out True
