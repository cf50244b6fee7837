import Foundation
import Parameters
import Runner
import XCTest

/// The site in `site/` is committed; this test tells when it is stale.
///
/// It runs the whole book with the default hyperparameters, renders the site
/// in memory and compares it, file by file, with what is committed. Pages
/// hold no timestamps or timings, so the same sources give the same bytes.
final class CommittedSiteTests: XCTestCase {
    func testCommittedSiteMatchesTheSources() throws {
        let root = ChapterSnippetTests.root
        let book = try Book(tutorialAt: root)
        let runs = book.chapters.map { ChapterRun($0, hyperparameters: Hyperparameters()) }
        let rendered = try SiteBuild.files(book, runs: runs)
        let folder = root.appendingPathComponent("site")
        let committed = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        XCTAssertEqual(committed, Set(rendered.keys), "site/ holds other files than the book renders; run `swift run tutorial`")
        for (name, contents) in rendered.sorted(by: { $0.key < $1.key }) {
            let onDisk = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssert(onDisk == contents, "site/\(name) is stale; run `swift run tutorial` and commit site/")
        }
    }

    func testRenderingTwiceGivesTheSameBytes() throws {
        let book = try Book(tutorialAt: ChapterSnippetTests.root)
        var hp = Hyperparameters()
        hp.trainingSteps = 50
        let first = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0, hyperparameters: hp) })
        let second = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0, hyperparameters: hp) })
        XCTAssertEqual(first, second)
    }
}
