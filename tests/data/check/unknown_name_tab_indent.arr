var s = 0
for i in 0..3 {
	s = s + q
}
out s
