@testable import TutorialBook
import Foundation
import Notebook
import Parameters
import Runner
@testable import tutorial
import XCTest

/// The whole book, run without comparison at settings a reader may choose:
/// every chapter completes, shows every output its text names, and renders.
///
/// Between them the settings change every hyperparameter a reader may set
/// and reach the boundaries: 0 and 1 steps, a batch of 1, 1 hidden unit,
/// every sequence of the same length, a held-out set of 1, the largest seed.
/// They are small, so that the book runs in seconds.
final class BookAtOtherSettingsTests: XCTestCase {
    /// The settings the book is run at, each as a reader would type it.
    static let settings: [[String]] = [
        [
            "--steps", "0", "--batch-size", "1", "--hidden-size", "1", "--min-length", "6", "--max-length", "6",
            "--held-out-size", "1", "--seed", "18446744073709551615", "--max-value", "50", "--shuffle-buffer-size", "1"
        ],
        [
            "--steps", "1", "--batch-size", "3", "--hidden-size", "2", "--min-length", "1", "--max-length", "4",
            "--held-out-size", "5", "--display-step", "1", "--learning-rate", "0.01", "--seed", "7"
        ],
        [
            "--steps", "12", "--batch-size", "5", "--hidden-size", "5", "--min-length", "2", "--max-length", "7",
            "--held-out-size", "40", "--display-step", "3", "--learning-rate", "0.3", "--max-value", "100000",
            "--shuffle-buffer-size", "20", "--seed", "3"
        ]
    ]

    func testEverySettingChangedAndEveryBoundaryReached() throws {
        let chosen = try Self.settings.map { try RunCommand.parse($0).hyperparameters }
        let defaults = Hyperparameters()
        func changed<T: Equatable>(_ field: KeyPath<Hyperparameters, T>) -> Bool {
            chosen.contains { $0[keyPath: field] != defaults[keyPath: field] }
        }
        XCTAssert(
            changed(\.hiddenSize) && changed(\.batchSize) && changed(\.learningRate) && changed(\.maxLength)
                && changed(\.minLength) && changed(\.maxValue) && changed(\.shuffleBufferSize)
                && changed(\.heldOutSize) && changed(\.displayStep) && changed(\.trainingSteps) && changed(\.seed))
        XCTAssert(chosen.contains { $0.trainingSteps == 0 } && chosen.contains { $0.trainingSteps == 1 })
        XCTAssert(chosen.contains { $0.batchSize == 1 } && chosen.contains { $0.hiddenSize == 1 })
        XCTAssert(chosen.contains { $0.minLength == $0.maxLength } && chosen.contains { $0.heldOutSize == 1 })
        XCTAssert(chosen.contains { $0.seed == .max })
    }

    func testTheBookRunsAtOtherSettings() throws {
        for arguments in Self.settings {
            let hp = try RunCommand.parse(arguments).hyperparameters
            let book = try BookContents.load(SharedBookRun.root, hp)
            let runs = book.chapters.map { ChapterRun($0) }
            for (chapter, run) in zip(book.chapters, runs) {
                let check = ChapterCheck(chapter, run: run, compareRecorded: false)
                XCTAssertEqual(check.status, .ok, "\(arguments): " + check.problems.joined(separator: "\n"))
                for output in run.outputs {
                    XCTAssertFalse(
                        RecordedText.text(of: output.output).isEmpty,
                        "\(arguments): chapter \(chapter.number) output '\(output.name)' is empty")
                }
            }
            let files = try SiteBuild.files(book, runs: runs, summary: [])
            XCTAssertEqual(
                files.keys.filter { $0.hasSuffix(".html") }.count >= book.chapters.count, true, "\(arguments)")
            // The prose quotes this run's values, not the recorded ones.
            for (name, contents) in files where name.hasSuffix(".html") {
                XCTAssertFalse(String(decoding: contents, as: UTF8.self).contains("{{value"), "\(arguments): \(name)")
            }
            let introduction = String(decoding: try XCTUnwrap(files["index.html"]), as: UTF8.self)
            XCTAssert(introduction.contains("B for the batch (\(hp.batchSize) sequences)"), "\(arguments)")
            let parameters = String(decoding: try XCTUnwrap(files["01-parameters.html"]), as: UTF8.self)
            XCTAssert(parameters.contains("hidden size (\(hp.hiddenSize))"), "\(arguments)")
        }
    }
}
