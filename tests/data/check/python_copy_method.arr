var u = zeros([4])
let un = u.copy()
out un
