let a = x * y / z // w % v @ m
