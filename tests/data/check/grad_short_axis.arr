out a = grad(zeros([1, 3]), 0)
