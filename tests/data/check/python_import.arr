import numpy as np
out a = zeros(3)
