var x = 1
if x > 0 { x = 2 }
if x == 1 { x = 3 } else if x == 2 { x = 4 }
else { x = 5 }
