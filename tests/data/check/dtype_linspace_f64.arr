let a = linspace(0, 1, 5, f64)
print(a)
