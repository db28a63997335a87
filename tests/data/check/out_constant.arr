out pi
