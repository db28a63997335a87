out a = sum(matmul(ones([30000, 30000]), ones([30000, 30000])))
