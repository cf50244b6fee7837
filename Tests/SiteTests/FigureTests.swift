import Foundation
import XCTest
@testable import Site

/// Figures: an image of `figures/….svg` alone in its paragraph becomes the drawing itself, captioned.
final class FigureTests: XCTestCase {
    private let drawing = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="cell-title">
        <title id="cell-title">A cell</title><rect class="fg-box" width="10" height="10"/>
        </svg>

        """

    private func render(_ markdown: String, files: [String: String]) throws -> String {
        let introduction = SiteChapter(
            number: 0, slug: "00-introduction", title: "Introduction",
            markdown: "# Introduction\n", sourcePath: "chapters/00-introduction.md")
        let chapter = SiteChapter(
            number: 1, slug: "01-model", title: "Model", markdown: markdown,
            sourcePath: "chapters/01-model.md")
        var renderer = SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: { _, _ in nil })
        renderer.figureLoader = { _, path in files[path] }
        let pages = try renderer.render(chapters: [chapter], introduction: introduction, summary: [])
        return String(decoding: try XCTUnwrap(pages["01-model.html"]), as: UTF8.self)
    }

    func testAFigureIsItsDrawingInlineWithItsCaptionAndAnID() throws {
        let page = try render(
            "# Model\n\nText.\n\n![A cell, drawn.](figures/cell.svg \"The <cell>.\")\n\nMore.\n",
            files: ["figures/cell.svg": drawing])
        XCTAssertTrue(
            page.contains(
                """
                <figure class="diagram" id="fig-cell">
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="cell-title">
                """), page)
        XCTAssertTrue(
            page.contains(
                "</svg>\n<figcaption><span class=\"figure-label\">Figure 1.1.</span> The &lt;cell&gt;.</figcaption>\n</figure>"
            ), page)
        XCTAssertFalse(page.contains("<?xml"), page)
        XCTAssertFalse(page.contains("<img"), page)
    }

    func testAMissingFigureFailsWithTheChapterFileAndLine() {
        XCTAssertThrowsError(try render("# Model\n\nText.\n\n![Gone.](figures/gone.svg \"Gone.\")\n", files: [:])) {
            XCTAssertEqual(
                "\($0)", "chapters/01-model.md:5: figure 'figures/gone.svg': no such file next to the chapter")
        }
    }

    func testAFigureNeedsATextAlternativeACaptionAndAParagraphOfItsOwn() {
        let silent = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"
        XCTAssertThrowsError(try render("# M\n\n![x](figures/a.svg \"A.\")\n", files: ["figures/a.svg": silent])) {
            XCTAssertTrue(
                "\($0)".hasPrefix(
                    "chapters/01-model.md:3: figure 'figures/a.svg': figures/a.svg has no text alternative"), "\($0)")
        }
        XCTAssertThrowsError(try render("# M\n\n![x](figures/a.svg)\n", files: ["figures/a.svg": drawing])) {
            XCTAssertTrue("\($0)".contains("no caption"), "\($0)")
        }
        XCTAssertThrowsError(
            try render("# M\n\nSee ![x](figures/a.svg \"A.\") here.\n", files: ["figures/a.svg": drawing])
        ) {
            XCTAssertTrue("\($0)".contains("a figure stands alone in its paragraph"), "\($0)")
        }
    }

    func testTheBooksFiguresAllCarryATextAlternative() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../chapters/figures").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
            .sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertNoThrow(try FigureHTML.inlineSVG(source, name: name), name)
            XCTAssertTrue(source.contains("<desc"), "\(name) describes itself in a <desc>")
        }
    }
}
