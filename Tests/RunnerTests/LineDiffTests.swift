@testable import Runner
import XCTest

final class LineDiffTests: XCTestCase {
    func testEqualLinesHaveNoDiff() {
        XCTAssertEqual(LineDiff.unified(["a", "b"], ["a", "b"], oldLabel: "old", newLabel: "new"), "")
    }

    func testFarApartChangesMakeSeparateHunks() {
        let old = (1...10).map(String.init)
        var new = old
        new[0] = "one"
        new[9] = "ten"
        new.append("eleven")
        XCTAssertEqual(
            LineDiff.unified(old, new, oldLabel: "old", newLabel: "new", context: 1),
            """
            --- old
            +++ new
            @@ -1,2 +1,2 @@
            -1
            +one
             2
            @@ -9,2 +9,3 @@
             9
            -10
            +ten
            +eleven
            """)
    }
}
