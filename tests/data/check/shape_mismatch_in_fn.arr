fn f(a, b) = a + b
out c = f(zeros([3]), zeros([4]))
