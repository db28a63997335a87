let a = "edge"
out a
