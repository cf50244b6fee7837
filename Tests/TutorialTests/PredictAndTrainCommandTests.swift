import ArgumentParser
import Foundation
import ModelFiles
@testable import tutorial
import TestSupport
import XCTest

/// `tutorial predict` and `tutorial train --save` as a reader types them.
final class PredictAndTrainCommandTests: XCTestCase {
    /// What `predict` prints for the first three Keras reference sequences, as text and as JSON Lines.
    func testPredictPrintsOneLinePerSequence() throws {
        let (sequences, _) = try Fixtures.kerasPredictionReference()
        let input = try writeText(sequenceLines(Array(sequences.prefix(3))), named: "in.txt", in: temporaryFolder(self))
        let expected: [[String]: [String]] = [
            []: [
                "linear  p(linear)=0.525106  p(random)=0.474894",
                "linear  p(linear)=0.548195  p(random)=0.451805",
                "linear  p(linear)=0.555958  p(random)=0.444042",
            ],
            ["--json"]: [
                #"{"class": "linear", "probabilities": [0.5251059, 0.4748941]}"#,
                #"{"class": "linear", "probabilities": [0.54819506, 0.45180497]}"#,
                #"{"class": "linear", "probabilities": [0.55595773, 0.4440423]}"#,
            ],
        ]
        for (flags, lines) in expected {
            let command = try XCTUnwrap(
                Tutorial.parseAsRoot(["predict", "--weights", Fixtures.kerasWeights, input] + flags) as? Predict)
            XCTAssertEqual(try command.lines(), lines, "\(flags)")
        }
    }

    func testPredictErrorsAreOneLineAndAFailureExitCode() throws {
        let input = try writeText("1 2 3\n\n", named: "gap.txt", in: temporaryFolder(self))
        let command = try XCTUnwrap(Tutorial.parseAsRoot(["predict", "--weights", Fixtures.kerasWeights, input]) as? Predict)
        XCTAssertThrowsError(try command.lines()) { error in
            XCTAssertEqual(Tutorial.fullMessage(for: error), "Error: \(input):2: no values (each line must hold one sequence)")
            XCTAssertNotEqual(Tutorial.exitCode(for: error), .success)
        }
    }

    func testPredictNeedsWeights() {
        XCTAssertThrowsError(try Tutorial.parseAsRoot(["predict", "in.txt"])) { error in
            XCTAssertTrue(Tutorial.fullMessage(for: error).contains("Missing expected argument '--weights <weights>'"),
                          Tutorial.fullMessage(for: error))
        }
    }

    /// Hyperparameters that fail validation stop training before it starts, and nothing is saved.
    func testAFailedTrainingRunWritesNothing() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("never.safetensors").path
        // Refused while parsing or when run: either way before any training or saving.
        XCTAssertThrowsError(try {
            var command = try Tutorial.parseAsRoot(["train", "--steps=-1", "--save", path])
            try command.run()
        }()) { error in
            XCTAssert(Tutorial.fullMessage(for: error)
                        .hasPrefix("Error: invalid trainingSteps -1: trainingSteps must be in 0...10000000"),
                      Tutorial.fullMessage(for: error))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testTrainRefusesAnUnwritableSavePathBeforeTraining() throws {
        let path = try temporaryFolder(self).appendingPathComponent("missing/folder/m.safetensors").path
        let command = try XCTUnwrap(Tutorial.parseAsRoot(["train", "--save", path]) as? Train)
        let start = Date()
        XCTAssertThrowsError(try command.run()) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): cannot write: there is no folder"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "2000 training steps must not run first")
    }
}
