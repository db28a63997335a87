out a = 3 .x
