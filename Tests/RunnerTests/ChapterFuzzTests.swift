import Foundation
import Notebook
@testable import Runner
import Site
import XCTest

/// Random and mutated chapters through the whole pipeline: load and
/// preprocess, run, check, update (in memory) and render into a site folder.
/// Each case must return or throw, never crash, and the site folder must
/// always be a whole site: the last one written, or a complete new one.
///
/// Seeded, so a failure comes back with the same seed; bounded by a case
/// count and a few seconds.
final class ChapterFuzzTests: XCTestCase {
    /// Lines the random chapters are made of: fences of both kinds and lengths,
    /// directives well and badly formed, includes inside and outside the book,
    /// containers, links, odd bytes and line endings.
    static let pieces = [
        "# Counting squares", "## A section", "", "Some prose.", "```", "````", "~~~", "```swift", "```output greeting",
        "```output squares", "```output curve", "```output", "```output a b", "```text", "  ```",
        "    ```output greeting",
        "{{#include ../Sources/Counting.swift:squares}}", "{{#include ../Sources/Counting.swift}}",
        "{{#include ../Sources/Counting.swift:nope}}", "{{#include ../../../../etc/passwd}}",
        "{{#include /etc/passwd}}",
        "{{#include ../Sources/Counting.swift", "Hello from seed 0", "second line", "- item", "  - nested", "> quote",
        "> ```output greeting", "1. first", "[a link](#counting-squares)", "[broken](#nowhere)",
        "[page](00-introduction.md)",
        "<div>", "\t```", "\u{0}", "é ü 😀", "``` `inline` ```", "| a | b |"
    ]

    func testRandomAndMutatedChaptersNeverCrashOrLeaveAPartialSite() throws {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapterFile = root.appendingPathComponent("chapters/01-counting.md")
        let site = root.appendingPathComponent("site")
        let original = try Data(contentsOf: chapterFile)
        let book = try FixtureBook.book(at: root)
        try SiteBuild.write(book, runs: book.chapters.map { ChapterRun($0) }, summary: [], to: site)
        var expectedSite = try snapshot(site)

        var random = SplitMix64(seed: 0x5EED_F00D)
        // A fixed number of cases, the same on every machine.
        var cases = 0, loaded = 0, written = 0, refused = 0
        while cases < 300 {
            cases += 1
            let bytes = random.next() % 3 == 0 ? randomChapter(&random) : mutated(original, &random)
            try bytes.write(to: chapterFile)
            let context = "case \(cases): \(String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription)"
            guard let book = try? FixtureBook.book(at: root) else {
                XCTAssertEqual(try snapshot(site), expectedSite, context)
                continue
            }
            loaded += 1
            let runs = book.chapters.map { ChapterRun($0) }
            for (chapter, run) in zip(book.chapters, runs) {
                let check = ChapterCheck(chapter, run: run)
                if check.problems.isEmpty, let updated = try? Update.updatedMarkdown(chapter, run: run, root: root) {
                    // What --update would write reads back as a chapter that passes its check.
                    let reread = try Chapter(
                        ChapterEntry(number: chapter.number, slug: chapter.slug, entryPoint: chapter.entryPoint),
                        markdown: updated, file: chapter.file, root: root)
                    XCTAssertTrue(ChapterCheck(reread, run: run).problems.isEmpty, context)
                }
            }
            do {
                try SiteBuild.write(book, runs: runs, summary: [], to: site)
                written += 1
                expectedSite = try snapshot(site)
                // Whole: the marker lists exactly the files that are there.
                let files = expectedSite.filter { $0.key != SiteFolder.markerName }
                XCTAssertEqual(
                    expectedSite[SiteFolder.markerName], Data(SiteFolder.markerText(for: files).utf8), context)
                XCTAssertNotNil(expectedSite["01-counting.html"], context)
            } catch {
                refused += 1
                XCTAssertEqual(try snapshot(site), expectedSite, context)
            }
        }
        print("chapter fuzz: \(cases) cases, \(loaded) read, \(written) sites written, \(refused) refused")
        XCTAssertGreaterThan(loaded, 0, "some cases must get past the reader")
        XCTAssertGreaterThan(written, 0, "some cases must reach a written site")
        XCTAssertGreaterThan(refused, 0, "some cases must fail while rendering, after the chapters ran")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root.path).sorted(),
            ["Sources", "chapters", "site"], "no temporary folder is left beside the site")
    }

    /// A chapter of random pieces, with random line endings.
    func randomChapter(_ random: inout SplitMix64) -> Data {
        let endings = ["\n", "\n", "\n", "\r\n", "\r", ""]
        var text = ""
        for _ in 0..<Int(random.next() % 24) {
            text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))]
            text += endings[Int(random.next() % UInt64(endings.count))]
        }
        return Data(text.utf8)
    }

    /// The fixture chapter with a few random edits: lines deleted, repeated or
    /// inserted, or bytes changed (which may break UTF-8).
    func mutated(_ original: Data, _ random: inout SplitMix64) -> Data {
        var bytes = [UInt8](original)
        for _ in 0..<(1 + Int(random.next() % 3)) {
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let at = Int(random.next() % UInt64(lines.count))
            switch random.next() % 6 {
            case 0: lines.remove(at: at)
            case 1: lines.insert(lines[at], at: at)
            case 2: lines.insert(Array(Self.pieces[Int(random.next() % UInt64(Self.pieces.count))].utf8), at: at)
            case 3: lines.swapAt(at, Int(random.next() % UInt64(lines.count)))
            case 4: lines.insert(Array("See [a heading that is not there](#nowhere).".utf8), at: at)
            default:
                if !lines[at].isEmpty {
                    lines[at][Int(random.next() % UInt64(lines[at].count))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            if bytes.isEmpty { bytes = Array("#".utf8) }
        }
        return Data(bytes)
    }

    /// Every file under `folder`, by relative path.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }
}

/// A small, fast, seedable generator (SplitMix64), so a failing case can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
