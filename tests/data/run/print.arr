# print of a scalar and a small array inside a loop; print.stdout is NumPy's `print` output
# (written by make_fixtures.py), columns padded to a common width as NumPy does.
# tolerance: exact
var x = 0.5
let a = [1, 2.5, 3]
loop i in 0..3 {
    x = x * 2 + i
    print x
    print a * i
}
print [[1, 2], [3, 4.25]]
print 0.1 + 0.2
print [-1, 0.5, 100]
out x
