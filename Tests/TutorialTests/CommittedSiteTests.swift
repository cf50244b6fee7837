import Foundation
import Runner
import Site
@testable import tutorial
import XCTest

/// The site in `site/` is committed; this test tells when it is stale.
///
/// It renders the book from the shared run with the default hyperparameters
/// in memory and compares it, file by file, with what is committed, the
/// marker that lets `tutorial` replace the folder included. Pages hold no
/// timestamps or timings, so the same sources give the same bytes.
final class CommittedSiteTests: XCTestCase {
    func rendered() throws -> [String: Data] {
        let (book, runs) = try TutorialRun.get()
        return try SiteBuild.files(book, runs: runs, summary: TutorialBook.summary(runs, root: book.root))
    }

    func testCommittedSiteMatchesTheSources() throws {
        let rendered = try rendered()
        let folder = TutorialRun.root.appendingPathComponent("site")
        let committed = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        XCTAssertEqual(committed, Set(rendered.keys).union([SiteFolder.markerName]),
                       "site/ holds other files than the book renders; run `swift run tutorial`")
        let marker = FileManager.default.contents(atPath: folder.appendingPathComponent(SiteFolder.markerName).path)
        XCTAssertEqual(marker.map { String(decoding: $0, as: UTF8.self) }, SiteFolder.markerText(for: rendered),
                       "site/ must carry the marker that lets `tutorial` replace it")
        for (name, contents) in rendered.sorted(by: { $0.key < $1.key }) {
            let onDisk = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            XCTAssert(onDisk == contents, "site/\(name) is stale; run `swift run tutorial` and commit site/")
        }
    }

    func testRenderingTwiceGivesTheSameBytes() throws {
        XCTAssertEqual(try rendered(), try rendered())
    }
}
