import ArgumentParser
import Foundation
import ModelFiles
@testable import tutorial
import XCTest

/// `tutorial predict` and `tutorial train --save` as a reader types them.
final class CommandLineTests: XCTestCase {
    func testPredictPrintsWhatThePredictorReturns() throws {
        let (sequences, _) = try Fixtures.kerasPredictionReference()
        let input = try writeText(sequenceLines(Array(sequences.prefix(8))), named: "in.txt", in: temporaryFolder(self))
        for (flags, format) in [([], Predictor.OutputFormat.text), (["--json"], .jsonLines)] {
            let command = try XCTUnwrap(
                Tutorial.parseAsRoot(["predict", "--weights", Fixtures.kerasWeights, input] + flags) as? Predict)
            XCTAssertEqual(try command.lines(),
                           try Predictor.lines(weights: Fixtures.kerasWeights, input: input, format: format))
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
