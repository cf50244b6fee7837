import XCTest
@testable import Site

/// Included code under its caption, Python highlighted, wide text outputs wrapped for the page.
final class PagePartsTests: XCTestCase {
    func testIncludedCodeIsCaptionedWithItsFileAndLines() {
        let html = OutputHTML.html(
            forIncluded: IncludedCode(code: "let x = 1", file: "Sources/A/B.swift", lines: 10...14))
        XCTAssertTrue(
            html.hasPrefix(
                "<figure class=\"listing\">\n<figcaption><code>Sources/A/B.swift</code>, lines 10–14</figcaption>\n<pre class=\"code\">"
            ), html)
        XCTAssertTrue(
            OutputHTML.html(forIncluded: IncludedCode(code: "x", file: "f.swift", lines: 3...3)).contains("line 3<"))
    }

    func testPythonCellsAreHighlightedByTokenKind() {
        let html = PythonHighlighter.html(
            for: """
                @tf.function
                def train_step(x, y):  # one step
                    loss = Model(x) * 1e-3 + 0.5
                    return f"loss {loss}", 'a\\'b', None

                """)
        XCTAssertTrue(html.contains(#"<span class="hl-attribute">@tf.function</span>"#), html)
        XCTAssertTrue(
            html.contains(#"<span class="hl-keyword">def</span> <span class="hl-function">train_step</span>"#), html)
        XCTAssertTrue(html.contains(#"<span class="hl-comment"># one step</span>"#), html)
        XCTAssertTrue(
            html.contains(#"<span class="hl-type">Model</span><span class="hl-operator">(</span>x"#) == false, html)
        XCTAssertTrue(html.contains(#"<span class="hl-function">Model</span>"#), html)
        XCTAssertTrue(
            html.contains(#"<span class="hl-number">1e-3</span>"#)
                && html.contains(#"<span class="hl-number">0.5</span>"#), html)
        XCTAssertTrue(html.contains(#"<span class="hl-string">f&quot;loss {loss}&quot;</span>"#), html)
        XCTAssertTrue(html.contains(#"<span class="hl-string">&#39;a\&#39;b&#39;</span>"#), html)
        XCTAssertTrue(html.contains(#"<span class="hl-keyword">None</span>"#), html)
    }

    func testAWideTextLineIsWrappedAtSpacesUnderItsValues() {
        let values = (0..<64).map { _ in "20" }.joined(separator: " ")
        let pieces = OutputHTML.wrap("lengths, sorted: " + values, width: 40)
        XCTAssertTrue(pieces.allSatisfy { $0.count <= 40 }, "\(pieces)")
        XCTAssertEqual(pieces[0], "lengths, sorted: 20 20 20 20 20 20 20 20")
        XCTAssertEqual(pieces[1], "                 20 20 20 20 20 20 20 20")
        XCTAssertEqual(pieces.joined(separator: " ").split(separator: " ").count, 66, "no value lost")
        let html = OutputHTML.html(for: .text("short\nlengths, sorted: " + values))
        XCTAssertTrue(html.contains("<code>short\nlengths, sorted: 20"), html)
        XCTAssertTrue(html.contains(#"<span class="wrap-mark" aria-hidden="true"> ↩</span>"#), html)
    }

    func testRowsOfNumbersWrapAtTheSameColumnAndStayAligned() {
        let rows = [
            "length 14: " + (0..<20).map { $0 < 14 ? "0.7468" : "-1.0000" }.joined(separator: " "),
            "length 8:  " + (0..<20).map { $0 < 8 ? "0.5493" : "-1.0000" }.joined(separator: " ")
        ]
        let html = OutputHTML.wrappedHTML(rows.joined(separator: "\n"))
        let lines = html.replacingOccurrences(of: #"<span class="wrap-mark" aria-hidden="true"> ↩</span>"#, with: "")
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, html)
        XCTAssertTrue(lines.allSatisfy { $0.count <= OutputHTML.textColumns }, html)
        // 20 values of 7 characters: 9 fit in a line, so three lines of 7, 7 and 6, aligned across the rows.
        XCTAssertEqual(lines[0], "length 14: " + Array(repeating: " 0.7468", count: 7).joined(separator: " "))
        XCTAssertEqual(lines[1], "           " + Array(repeating: " 0.7468", count: 7).joined(separator: " "))
        XCTAssertEqual(lines[3], "length 8:  " + Array(repeating: " 0.5493", count: 7).joined(separator: " "))
        XCTAssertEqual(
            lines[4],
            "           "
                + (Array(repeating: " 0.5493", count: 1) + Array(repeating: "-1.0000", count: 6)).joined(separator: " ")
        )
    }
}
