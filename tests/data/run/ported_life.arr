# Ported line by line from tests/fixtures/originals/ported_life.py: the Game of Life (Rougier's NumPy version), with
# one change: NumPy's `Z[1:-1, 1:-1][birth | survive] = 1` is a `where` on the region (chained indexing is refused).
fn iterate(Z) {
    # Count neighbours
    let N = (Z[0:-2, 0:-2] + Z[0:-2, 1:-1] + Z[0:-2, 2:] +
             Z[1:-1, 0:-2]                 + Z[1:-1, 2:] +
             Z[2:  , 0:-2] + Z[2:  , 1:-1] + Z[2:  , 2:])

    # Apply rules
    let birth = (N == 3) & (Z[1:-1, 1:-1] == 0)
    let survive = ((N == 2) | (N == 3)) & (Z[1:-1, 1:-1] == 1)
    Z[...] = 0
    Z[1:-1, 1:-1] = where(birth | survive, 1, Z[1:-1, 1:-1])
    return Z
}

var Z = zeros([12, 12])
Z[1, 2] = 1
Z[2, 3] = 1
Z[3, 1:4] = 1
Z[8, 7:10] = 1
loop i in 0..20 {
    Z = iterate(Z)
}
out Z
out alive = sum(Z)
