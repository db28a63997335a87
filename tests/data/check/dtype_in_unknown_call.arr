print(nosuch(2, f32))
