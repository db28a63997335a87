let g = meshgrid(arange(2), arange(3))
out g
