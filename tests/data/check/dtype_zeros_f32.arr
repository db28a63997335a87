let a = zeros([4], f32)
print(a)
