let a =
