import Foundation
@testable import Runner
import Site
import XCTest

/// The code that chapters 1 to 6 show is written to be read: the regions
/// they include hold no pointers, no SIMD vectors and no shards (chapter 7,
/// on the engine, shows those). Every included region also stays narrow
/// enough to read without scrolling.
final class ReadableIncludesTests: XCTestCase {
    /// Words that only machinery uses.
    static let machinery = ["Unsafe", "withUnsafe", "baseAddress", "pointee", "SIMD", "Shard", "inParallel"]

    func testChaptersOneToSixIncludeNoPointersSIMDOrShards() throws {
        let (book, _) = try SharedBookRun.get()
        let forbidden = Self.machinery + (try aliasesOfMachinery(under: book.root))
        var checked = 0
        for chapter in book.chapters where (1...6).contains(chapter.number) {
            for included in includes(chapter) {
                checked += 1
                for word in forbidden where included.code.contains(word) {
                    XCTFail("\(chapter.path) includes \(included.file):\(included.lines), which contains '\(word)'")
                }
            }
        }
        XCTAssertGreaterThan(checked, 10, "expected the chapters to include code")
    }

    func testIncludedRegionsStayWithin90Columns() throws {
        let (book, _) = try SharedBookRun.get()
        for chapter in book.chapters {
            for included in includes(chapter) {
                for line in included.code.split(separator: "\n") where line.count > 90 {
                    XCTFail("\(chapter.path) includes \(included.file), with a line of \(line.count) columns: \(line)")
                }
            }
        }
    }

    /// The code each `{{#include path:anchor}}` of a chapter shows.
    func includes(_ chapter: Chapter) -> [IncludedCode] {
        chapter.blocks.compactMap(\.included)
    }

    /// Names declared in Sources as `typealias X = …` of a machinery type,
    /// which would hide it under another name.
    func aliasesOfMachinery(under root: URL) throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        var aliases: [String] = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(whereSeparator: { " =<>(),:".contains($0) })
                guard let index = words.firstIndex(of: "typealias"), index + 1 < words.count,
                    Self.machinery.contains(where: { line.contains($0) })
                else { continue }
                aliases.append(String(words[index + 1]))
            }
        }
        return aliases
    }
}
