/// A fixture source with anchors, included by the fixture chapters.
// ANCHOR: square
func square(_ x: Int) -> Int {
    x * x
}
// ANCHOR_END: square

enum Counting {
    // ANCHOR: squares
    static func squares(upTo n: Int) -> [Int] {
        // ANCHOR: loop
        (1...n).map(square)
        // ANCHOR_END: loop
    }
    // ANCHOR_END: squares
}
