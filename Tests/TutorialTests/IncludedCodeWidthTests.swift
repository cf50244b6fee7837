import Foundation
import Runner
@testable import tutorial
import XCTest

/// Code the chapters include is read on a page about 90 columns wide: wider lines would scroll sideways.
final class IncludedCodeWidthTests: XCTestCase {
    /// The widest line an included region may have.
    static let columns = 90

    func testIncludedCodeRegionsStayWithinTheColumn() throws {
        let book = try TutorialBook.load(TutorialRun.root)
        var wide: [String] = []
        for chapter in book.chapters {
            for block in chapter.blocks {
                guard let included = block.included else { continue }
                for (offset, line) in included.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.count > Self.columns {
                    wide.append("\(chapter.path):\(block.line): \(included.file) (region line \(offset + 1)): \(line.count) columns")
                }
            }
        }
        XCTAssertEqual(wide, [], "included code wider than \(Self.columns) columns:\n" + wide.joined(separator: "\n"))
    }
}
