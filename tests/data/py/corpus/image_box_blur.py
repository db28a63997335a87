# Corpus: a 3 x 3 box blur of a synthetic grey image by summing nine shifted slices of an
# edge-padded copy, applied three times; then a Sobel gradient magnitude of the result.
# After: the box blur and Sobel operator as NumPy users write them without SciPy (e.g.
#   Wikipedia "Box blur" and "Sobel operator", CC BY-SA 4.0; the slice-sum idiom of
#   N. P. Rougier's "From Python to NumPy", "Uniform vectorization").
# Written for the corpus in that idiom, not copied (SOURCES.md).
# Harness: the np.save lines.
# tolerance: arithmetic
import numpy as np

h, w = 64, 96
yy, xx = np.mgrid[0:h, 0:w]
image = ((xx // 16 + yy // 16) % 2).astype(float)
image += 0.5 * np.exp(-((xx - 48)**2 + (yy - 32)**2) / 200.0)


def box_blur(img):
    p = np.pad(img, 1, mode="edge")
    out = np.zeros_like(img)
    for dy in range(3):
        for dx in range(3):
            out += p[dy:dy + img.shape[0], dx:dx + img.shape[1]]
    return out / 9.0


blurred = image
for _ in range(3):
    blurred = box_blur(blurred)

p = np.pad(blurred, 1, mode="edge")
gx = (p[:-2, 2:] + 2 * p[1:-1, 2:] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[1:-1, :-2] + p[2:, :-2])
gy = (p[2:, :-2] + 2 * p[2:, 1:-1] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[:-2, 1:-1] + p[:-2, 2:])
magnitude = np.hypot(gx, gy)

np.save("blurred.npy", blurred)
np.save("magnitude.npy", magnitude)
