# Lexical scoping: loop indices and lets shadow outer names only inside their scope;
# a var declared in a loop body starts afresh each iteration.
# tolerance: exact
let i = 100
var x = 1
loop i in 0..3 {
    let x = i * 5
    let y = x + 1
}
out i
out x
var acc = 0
loop i in 0..3 {
    let acc2 = acc + i
    acc = acc2 * 2
    var fresh = 1
    fresh += i
    acc += fresh
}
out acc
let a = [1, 2, 3]
var b = zeros([3])
for j in 0..2 {
    let a = a * (j + 2)
    b = b + a
}
out a
out b
fn f(i) = i * 2
var c = 0
loop i in 1..4 {
    c = c + f(i) + f(a)[i - 1]
}
out c
