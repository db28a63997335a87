# Nested scopes (`for` inside `loop`, `loop` inside `for`), vars carried out of scopes,
# scope-local lets, loop indices used in arithmetic.
# tolerance: exact
var total = zeros([3])
var count = 0
loop i in 0..3 {
    for j in 0..2 {
        let step = i * 10 + j
        total = total + step * [1, 2, 3]
        count += 1
    }
}
out total
out count
var m = ones([2, 2])
for i in 1..4 {
    let scale = i / 2
    loop j in 0..3 {
        m = m * scale + j
    }
}
out m
var x = 1
for i in 0..2 {
    for j in 0..3 {
        loop k in 0..2 {
            x = x * 2 - i + j * k
        }
    }
}
out x
var inner = 0
loop i in 0..4 {
    var local = i
    local *= 3
    inner += local
}
out inner
