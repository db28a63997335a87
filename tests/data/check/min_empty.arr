let a = zeros([0])
out m = min(a)
