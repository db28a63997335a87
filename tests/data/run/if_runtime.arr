# if/else inside a loop on the loop index (a real branch in the `loop` form).
# tolerance: exact
var y = zeros([4])
var evens = 0
var odds = 0
loop i in 0..7 {
    if i % 2 == 0 {
        y = y + i
        evens += 1
    } else {
        y = y * 0.5 - [1, 2, 3, 4]
        odds += i
    }
}
out y
out evens
out odds
var z = 1
loop i in 0..6 {
    if i > 2 && i != 4 {
        z = z * 3
    } else {
        if i == 0 {
            z = z + 10
        } else {
            z = z - 1
        }
    }
}
out z
