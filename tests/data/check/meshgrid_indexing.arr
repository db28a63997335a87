let (a, b) = meshgrid(arange(2), arange(3), indexing="yx")
out a
