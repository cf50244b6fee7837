@testable import TutorialBook
import Foundation
import Runner
@testable import tutorial
import XCTest

/// The tutorial's own book, run once per test process with the default
/// hyperparameters: the chapters' doc tests and the committed-site test share
/// this one run, so the 2,000 training steps happen once per `swift test`.
enum SharedBookRun {
    /// The package's root, which holds `chapters/`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    nonisolated(unsafe) private static let result = Result { () throws -> (Book, [ChapterRun]) in
        let book = try BookContents.load(root)
        return (book, book.chapters.map { ChapterRun($0) })
    }

    /// The book and one run of each chapter.
    static func get() throws -> (book: Book, runs: [ChapterRun]) { try result.get() }
}
