var density = zeros([4])
density = densty + 1
out density
