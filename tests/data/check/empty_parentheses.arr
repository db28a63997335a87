let a = ()
out a
