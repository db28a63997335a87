let α = 1
out α
