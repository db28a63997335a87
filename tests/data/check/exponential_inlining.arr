# option: unroll_budget=30000
# Each level inlines the previous one twice: 2^16 multiplications, past the budget.
input x
fn g0(x) = x + 1
fn g1(x) = g0(x) * g0(x)
fn g2(x) = g1(x) * g1(x)
fn g3(x) = g2(x) * g2(x)
fn g4(x) = g3(x) * g3(x)
fn g5(x) = g4(x) * g4(x)
fn g6(x) = g5(x) * g5(x)
fn g7(x) = g6(x) * g6(x)
fn g8(x) = g7(x) * g7(x)
fn g9(x) = g8(x) * g8(x)
fn g10(x) = g9(x) * g9(x)
fn g11(x) = g10(x) * g10(x)
fn g12(x) = g11(x) * g11(x)
fn g13(x) = g12(x) * g12(x)
fn g14(x) = g13(x) * g13(x)
fn g15(x) = g14(x) * g14(x)
fn g16(x) = g15(x) * g15(x)
out a = g16(x)
