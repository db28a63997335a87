# cumsum along an axis is one reduction kernel whose later terms are masked out.
input u: [2, 3]
out c = cumsum(u, axis=1)
