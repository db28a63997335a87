# print of several values and text, separated by spaces as Python's print separates them;
# print_several.stdout is NumPy's output (written by make_fixtures.py).
# tolerance: exact
let n = 3
let err = 0.5
let a = [1, 2.5, 3]
print n, err
print "err:", err, "a:", a
print(n, a * 2)
loop i in 0..2 {
    print "step", i, a[i] + err
}
out a
