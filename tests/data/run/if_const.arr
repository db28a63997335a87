# if/else whose condition is a compile-time constant (params, `for` index).
# tolerance: exact
param mode = 2
param small = 0
var x = arange(4)
if mode > 1 {
    x = x * 10
} else {
    x = x - 100
}
if mode == 5 {
    x = x + 1000
} else {
    x = x + 1
}
if small {
    x = x * 0
} else {
    if mode < 3 && !small {
        x = x / 2
    } else {
        x = x - 1
    }
}
out x
