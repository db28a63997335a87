"""NumPy's binary ufuncs arctan2, hypot, copysign, fmod, logaddexp (and `math`'s atan2,
copysign, fmod) on edge values: signed zeros, infinities, NaN, ints, float32, broadcasting."""
# tolerance: exact
import math

import numpy as np

x = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 3.5, -2.25, 1e300, 1e-310])
y = np.array([[0.0], [-0.0], [2.0], [-3.0], [np.inf], [-np.inf], [np.nan], [1e-300]])
angle = np.arctan2(x, y)
length = np.hypot(x, y)
signed = np.copysign(x, y)
remainder = np.fmod(x, y)
total = np.logaddexp(x, y)

rng = np.random.default_rng(5)
a = rng.normal(size=2000) * 10.0
b = rng.normal(size=2000) * 10.0
angle_random = np.arctan2(a, b)
length_random = np.hypot(a, b)
fmod_random = np.fmod(a, b)
total_random = np.logaddexp(a, b)

i = np.arange(-7, 8)
int_fmod = np.fmod(i, 3)
int_fmod_negative = np.fmod(i, -4)
int_fmod_zero = np.fmod(i, 0)
int_angle = np.arctan2(i, 2)
int_signs = np.copysign(i, -1)

f = np.linspace(-3.0, 3.0, 13).astype(np.float32)
f32_fmod = np.fmod(f, 1.25)
f32_signs = np.copysign(f, -1.0)
f32_length = np.hypot(f, f)

scalars = np.array([math.atan2(1.0, -2.0), math.copysign(2.0, -0.0), math.fmod(-7.5, 2.0),
                    np.arctan2(1, 1), np.logaddexp(-1000.0, -1000.5)])

np.save("angle.npy", angle)
np.save("length.npy", length)
np.save("signed.npy", signed)
np.save("remainder.npy", remainder)
np.save("total.npy", total)
np.save("angle_random.npy", angle_random)
np.save("length_random.npy", length_random)
np.save("fmod_random.npy", fmod_random)
np.save("total_random.npy", total_random)
np.save("int_fmod.npy", int_fmod)
np.save("int_fmod_negative.npy", int_fmod_negative)
np.save("int_fmod_zero.npy", int_fmod_zero)
np.save("int_angle.npy", int_angle)
np.save("int_signs.npy", int_signs)
np.save("f32_fmod.npy", f32_fmod)
np.save("f32_signs.npy", f32_signs)
np.save("f32_length.npy", f32_length)
np.save("scalars.npy", scalars)
