// ANCHOR: square
func square(_ x: Int) -> Int { x * x }
// ANCHOR_END: square
