out s = stack([arange(3), arange(4)])
