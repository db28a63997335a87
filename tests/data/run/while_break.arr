# `while`, `break` and `continue`: a while inside a loop, a loop inside a while, a `break`
# in a run-time `if`, `continue` in an unrolled loop, a while whose condition is an array
# reduction recomputed on every test.
# forms: single
var x = 0.0
var n = 0.0
while x < 100 {
    x = x * 2 + 1
    n += 1
}
out x
out n

var total = 0.0
loop i in 0..10 {
    if i == 7 {
        break
    }
    if i % 2 == 0 {
        continue
    }
    var k = 0.0
    while 1 {
        k += 1
        if k >= i {
            break
        }
        total += 100
    }
    total += i
}
out total

var u = linspace(0, 1, 8)
var sweeps = 0.0
while max(abs(u - mean(u))) > 0.01 {
    var hits = 0.0
    loop j in 0..100 unroll 4 {
        if j % 3 == 0 {
            continue
        }
        hits += 1
        if hits > 5 {
            break
        }
    }
    u = 0.5 * u + 0.5 * mean(u) + hits * 0
    sweeps += 1
}
out u
out sweeps

var never = 3.0
while 0 {
    never = 4.0
}
out never
