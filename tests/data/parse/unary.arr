let a = -x ^ 2
let b = !x
let c = ~x
let d = --x
