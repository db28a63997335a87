out a = reshape(zeros([6]), [4, 2])
