let p = ones([3, 3])
var pn = empty_like(p)
out pn
