# A 0-d bool index is a mask of a new first axis, whose length (1 or 0) a value known
# only at run time would decide: refused when read (assigning through it is fine).
input a: [3]
let picked = a[a[0] > 1]
out picked
