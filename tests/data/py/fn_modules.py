"""Modules as values: NumPy submodules by alias and by name, `math` names, and matplotlib
objects (a figure, its axes) whose every line is skipped."""
import math
import numpy.random as rnd
from math import pi, sqrt
from matplotlib import pyplot
from mpl_toolkits.mplot3d import Axes3D
from numpy.random import rand, seed
import numpy

seed(7)
a = rand(4)
rnd.seed(8)
b = rnd.rand(3)
c = numpy.random.rand(2)
r = sqrt(2.0) * pi + math.cos(0.5)

fig = pyplot.figure(figsize=(4, 3), dpi=100)
ax = fig.add_subplot(111, projection='3d')
X, Y = numpy.meshgrid(a, a)
surface = ax.plot_wireframe(X, Y, X * Y)
pyplot.show()

numpy.save("a.npy", a)
numpy.save("b.npy", b)
numpy.save("c.npy", c)
numpy.save("r.npy", numpy.array(r))
