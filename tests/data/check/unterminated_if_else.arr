var a = 0
if 1 {
    a = 1
} else
out a
