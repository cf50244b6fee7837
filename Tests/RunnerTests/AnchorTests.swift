@testable import Runner
import XCTest

final class AnchorTests: XCTestCase {
    let source = """
        struct Model {
            // ANCHOR: forward
            func forward() {
                // ANCHOR: inner
                step()
                // ANCHOR_END: inner
            }
            // ANCHOR_END: forward
        }

        """

    func testAnchorRegionIsDedentedWithoutAnyMarkerLines() throws {
        let code = try AnchoredSource(text: source, path: "Model.swift").code(anchor: "forward").code
        XCTAssertEqual(code, "func forward() {\n    step()\n}")
    }

    func testNestedAnchorIsExtractedOnItsOwn() throws {
        let code = try AnchoredSource(text: source, path: "Model.swift").code(anchor: "inner").code
        XCTAssertEqual(code, "step()")
    }

    func testWholeFileDropsMarkersAndTheFinalNewline() throws {
        let code = try AnchoredSource(text: source, path: "Model.swift").code(anchor: nil).code
        XCTAssertEqual(code, "struct Model {\n    func forward() {\n        step()\n    }\n}")
    }

    func testTheCodeKnowsTheLinesItCameFrom() throws {
        let source = try AnchoredSource(text: source, path: "Model.swift")
        XCTAssertEqual(try source.code(anchor: "forward").lines, 3...7)
        XCTAssertEqual(try source.code(anchor: "inner").lines, 5...5)
        XCTAssertEqual(try source.code(anchor: nil).lines, 1...9)
        XCTAssertEqual(try source.code(anchor: nil).file, "Model.swift")
    }

    func testBlankLinesInsideARegionDoNotStopTheDedent() throws {
        let text = "// ANCHOR: a\n    let x = 1\n\n    let y = 2\n// ANCHOR_END: a\n"
        XCTAssertEqual(try AnchoredSource(text: text, path: "A.swift").code(anchor: "a").code, "let x = 1\n\nlet y = 2")
    }

    func testMissingAnchorNamesTheFileAndTheAnchorsItHas() {
        let message = bookErrorMessage {
            try AnchoredSource(text: source, path: "Model.swift").code(anchor: "backward")
        }
        XCTAssertEqual(message, "Model.swift: no anchor 'backward' (anchors: forward, inner)")
    }

    func testEndWithoutStartNamesTheLine() {
        let message = bookErrorMessage { try AnchoredSource(text: "let a = 1\n// ANCHOR_END: a\n", path: "A.swift") }
        XCTAssertEqual(message, "A.swift:2: ANCHOR_END: a without a matching ANCHOR: a")
    }

    func testStartWithoutEndNamesTheLine() {
        let message = bookErrorMessage {
            try AnchoredSource(text: "// ANCHOR: a\n// ANCHOR: b\n// ANCHOR_END: b\n", path: "A.swift")
        }
        XCTAssertEqual(message, "A.swift:1: ANCHOR: a is never closed by ANCHOR_END: a")
    }

    func testSameNameNestedNamesTheInnerStart() {
        let message = bookErrorMessage {
            try AnchoredSource(
                text: "// ANCHOR: a\n// ANCHOR: a\n// ANCHOR_END: a\n// ANCHOR_END: a\n", path: "A.swift")
        }
        XCTAssertEqual(message, "A.swift:2: ANCHOR: a starts again inside itself (opened at line 1)")
    }

    func testDuplicatedAnchorNamesBothLines() {
        let text = "// ANCHOR: a\nx\n// ANCHOR_END: a\n\n// ANCHOR: a\ny\n// ANCHOR_END: a\n"
        let message = bookErrorMessage { try AnchoredSource(text: text, path: "A.swift") }
        XCTAssertEqual(message, "A.swift:5: anchor 'a' is defined twice (first at line 1)")
    }

    func testUnreadableFileIsNamedRelativeToTheRoot() {
        let root = FixtureBook.root
        let message = bookErrorMessage {
            try AnchoredSource(file: root.appendingPathComponent("Sources/Missing.swift"), root: root)
        }
        XCTAssertEqual(message, "Sources/Missing.swift: cannot read the included file")
    }
}
