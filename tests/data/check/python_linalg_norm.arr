let a = ones(3)
out r = linalg.norm(a)
