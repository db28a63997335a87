"""`str.format` mixing automatic and numbered fields: Python raises a ValueError."""
n = 3
print("{} and {0}".format(n))
