out s = 2 @ 3
