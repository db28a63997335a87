else { out a = 1 }
