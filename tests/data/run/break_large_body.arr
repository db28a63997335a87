# `break` and `continue` inside loop bodies too large for one function (over 600 IR
# operations): the body and its branches become functions of their own, which report a
# `break` or `continue` to the loop by their status.
# forms: single
# tolerance: transcendental
var a = 0.0
var b = 0.0
loop i in 0..20 unroll 3 {
    if i == 13 {
        break
    }
    if i % 4 == 1 {
        continue
    }
    a = a + sin(i * 0.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 1.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 2.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 3.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 4.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 5.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 6.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 7.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 8.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 9.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 10.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 11.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 12.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 13.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 14.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 15.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 16.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 17.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 18.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 19.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 20.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 21.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 22.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 23.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 24.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 25.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 26.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 27.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 28.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 29.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 30.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 31.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 32.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 33.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 34.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 35.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 36.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 37.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 38.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 39.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 40.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 41.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 42.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 43.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 44.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 45.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 46.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 47.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 48.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 49.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 50.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 51.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 52.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 53.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 54.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 55.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 56.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 57.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 58.0) * 0.5 + cos(a) * 0.25
    a = a + sin(i * 59.0) * 0.5 + cos(a) * 0.25
    b += i
}
out a
out b
var c = 0.0
var w = 0.0
while w < 50 {
    w += 1
    if w % 3 == 0 {
        c = c + cos(w * 0.0) * 0.125
        c = c + cos(w * 1.0) * 0.125
        c = c + cos(w * 2.0) * 0.125
        c = c + cos(w * 3.0) * 0.125
        c = c + cos(w * 4.0) * 0.125
        c = c + cos(w * 5.0) * 0.125
        c = c + cos(w * 6.0) * 0.125
        c = c + cos(w * 7.0) * 0.125
        c = c + cos(w * 8.0) * 0.125
        c = c + cos(w * 9.0) * 0.125
        c = c + cos(w * 10.0) * 0.125
        c = c + cos(w * 11.0) * 0.125
        c = c + cos(w * 12.0) * 0.125
        c = c + cos(w * 13.0) * 0.125
        c = c + cos(w * 14.0) * 0.125
        c = c + cos(w * 15.0) * 0.125
        c = c + cos(w * 16.0) * 0.125
        c = c + cos(w * 17.0) * 0.125
        c = c + cos(w * 18.0) * 0.125
        c = c + cos(w * 19.0) * 0.125
        c = c + cos(w * 20.0) * 0.125
        c = c + cos(w * 21.0) * 0.125
        c = c + cos(w * 22.0) * 0.125
        c = c + cos(w * 23.0) * 0.125
        c = c + cos(w * 24.0) * 0.125
        c = c + cos(w * 25.0) * 0.125
        c = c + cos(w * 26.0) * 0.125
        c = c + cos(w * 27.0) * 0.125
        c = c + cos(w * 28.0) * 0.125
        c = c + cos(w * 29.0) * 0.125
        c = c + cos(w * 30.0) * 0.125
        c = c + cos(w * 31.0) * 0.125
        c = c + cos(w * 32.0) * 0.125
        c = c + cos(w * 33.0) * 0.125
        c = c + cos(w * 34.0) * 0.125
        c = c + cos(w * 35.0) * 0.125
        c = c + cos(w * 36.0) * 0.125
        c = c + cos(w * 37.0) * 0.125
        c = c + cos(w * 38.0) * 0.125
        c = c + cos(w * 39.0) * 0.125
        c = c + cos(w * 40.0) * 0.125
        c = c + cos(w * 41.0) * 0.125
        c = c + cos(w * 42.0) * 0.125
        c = c + cos(w * 43.0) * 0.125
        c = c + cos(w * 44.0) * 0.125
        c = c + cos(w * 45.0) * 0.125
        c = c + cos(w * 46.0) * 0.125
        c = c + cos(w * 47.0) * 0.125
        c = c + cos(w * 48.0) * 0.125
        c = c + cos(w * 49.0) * 0.125
        c = c + cos(w * 50.0) * 0.125
        c = c + cos(w * 51.0) * 0.125
        c = c + cos(w * 52.0) * 0.125
        c = c + cos(w * 53.0) * 0.125
        c = c + cos(w * 54.0) * 0.125
        c = c + cos(w * 55.0) * 0.125
        c = c + cos(w * 56.0) * 0.125
        c = c + cos(w * 57.0) * 0.125
        c = c + cos(w * 58.0) * 0.125
        c = c + cos(w * 59.0) * 0.125
        continue
    }
    if w > 20 {
        break
    }
    c += 1
}
out c
out w
