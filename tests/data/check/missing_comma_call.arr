out a = maximum(1 2)
