import Foundation
import XCTest
@testable import Site

/// The site folder is always a whole site: the old one until the new one is completely written.
final class AtomicSiteWriterTests: XCTestCase {
    private var parent: URL!
    private var site: URL { parent.appendingPathComponent("site") }

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("site-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try writeSiteAtomically(["index.html": "old index", "01-old.html": "old chapter"], to: site)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: parent)
    }

    func testANewSiteReplacesTheOldOneWhole() throws {
        try writeSiteAtomically(["index.html": "new index", "css/style.css": "body {}"], to: site)
        XCTAssertEqual(try listing(), ["css/style.css", "index.html"], "the old chapter must be gone")
        XCTAssertEqual(try read("index.html"), "new index")
        XCTAssertEqual(try siblings(), ["site"], "no temporary folder may be left beside the site")
    }

    func testTheOldSiteStaysWhenRenderingThrows() throws {
        var chapters = FixtureBook.chapters
        chapters[0].markdown += "\n[broken](#nowhere)\n"
        XCTAssertThrowsError(try writeSiteAtomically(
            SiteRenderer(resolver: FixtureBook.resolve)
                .render(chapters: chapters, introduction: FixtureBook.introduction, summary: []),
            to: site))
        XCTAssertEqual(try listing(), ["01-old.html", "index.html"])
        XCTAssertEqual(try read("index.html"), "old index")
    }

    func testTheOldSiteStaysWhenWritingFails() throws {
        // A file and a folder of the same name: the second write fails after the first succeeded.
        XCTAssertThrowsError(try writeSiteAtomically(["a": "file", "a/b.html": "inside a file"], to: site))
        XCTAssertEqual(try read("index.html"), "old index")
        XCTAssertEqual(try siblings(), ["site"], "the half-written folder must be removed")
    }

    func testPathsThatLeaveTheFolderAreRefused() throws {
        XCTAssertThrowsError(try writeSiteAtomically(["../escape.html": "x"], to: site)) { error in
            XCTAssertEqual("\(error)", "'../escape.html' is not a relative path inside the site folder")
        }
        XCTAssertEqual(try read("index.html"), "old index")
    }

    func testALeftoverTemporaryFolderFromAnInterruptedRunIsCleared() throws {
        let leftover = parent.appendingPathComponent("site.tmp")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: leftover.appendingPathComponent("stale.html"))
        try writeSiteAtomically(["index.html": "new index"], to: site)
        XCTAssertEqual(try listing(), ["index.html"])
        XCTAssertEqual(try siblings(), ["site"])
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    private func listing() throws -> [String] {
        let enumerator = FileManager.default.enumerator(at: site, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
                files.append(String(url.standardizedFileURL.path.dropFirst(site.standardizedFileURL.path.count + 1)))
            }
        }
        return files.sorted()
    }

    private func siblings() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted()
    }
}
