out a = sum(zeros([2, 3]), 2)
