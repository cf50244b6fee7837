@testable import TutorialBook
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
        let (book, runs) = try SharedBookRun.get()
        return try SiteBuild.files(book, runs: runs, summary: BookContents.summary(runs, root: book.root))
    }

    func testCommittedSiteMatchesTheSources() throws {
        let rendered = try rendered()
        let folder = SharedBookRun.root.appendingPathComponent("site")
        let committed = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        XCTAssertEqual(
            committed, Set(rendered.keys).union([SiteFolder.markerName]),
            "site/ holds other files than the book renders; run `swift run tutorial`")
        let marker = FileManager.default.contents(atPath: folder.appendingPathComponent(SiteFolder.markerName).path)
        XCTAssertEqual(
            marker.map { String(decoding: $0, as: UTF8.self) }, SiteFolder.markerText(for: rendered),
            "site/ must carry the marker that lets `tutorial` replace it")
        for (name, contents) in rendered.sorted(by: { $0.key < $1.key }) {
            let onDisk = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            XCTAssert(onDisk == contents, "site/\(name) is stale; run `swift run tutorial` and commit site/")
        }
    }

    /// Two processes render the same bytes. In one process Swift's hash seed is fixed, so an
    /// order that came from a dictionary would look stable there; each run of the tool has its own seed.
    func testTwoProcessesRenderTheSameBytes() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("two-renders-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var sites: [[String: Data]] = []
        for run in 1...2 {
            let site = scratch.appendingPathComponent("site-\(run)")
            let result = try tutorial(["--root", SharedBookRun.root.path, "--site", site.path])
            XCTAssertEqual(result.status, 0, result.standardError)
            var files: [String: Data] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: site.path) {
                var isFolder: ObjCBool = false
                let path = site.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                    files[name] = FileManager.default.contents(atPath: path)
                }
            }
            sites.append(files)
        }
        XCTAssertEqual(sites[0].keys.sorted(), sites[1].keys.sorted())
        for (name, data) in sites[0] { XCTAssert(sites[1][name] == data, "\(name) differs between two runs") }
        XCTAssertGreaterThan(sites[0].count, 10)
    }
}
