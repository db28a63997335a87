# Found by tools/difftest (issue 22): `concatenate` of empty arrays keeps their promoted
# dtype (it was float64 whatever the items were).
let l = arange(0)
out ints = concatenate([-l, l > 5], 0)
out both = concatenate([arange(0), arange(0)])
out bools = concatenate([l > 1, l < 1])
out floats32 = concatenate([zeros([0], f32), zeros([0], f32)])
