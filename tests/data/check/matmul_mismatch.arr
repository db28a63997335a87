out a = matmul(zeros([2, 3]), zeros([2, 3]))
