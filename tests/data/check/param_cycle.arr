# A cycle between params (p uses q, q uses p) is refused: a param may use only the params
# declared before it, so the first use of the later one is an unknown name.
param p = q + 1
param q = p
out a = p
