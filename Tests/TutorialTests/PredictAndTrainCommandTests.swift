@testable import TutorialBook
import ArgumentParser
import Foundation
import Notebook
@testable import tutorial
import TestSupport
import XCTest

/// `tutorial predict` and `tutorial train --save` as a reader types them: the
/// executable's whole output and exit status.
final class PredictAndTrainCommandTests: XCTestCase {
    /// What `predict` prints for three Keras reference sequences, as text and as JSON Lines.
    func testPredictPrintsOneLinePerSequence() throws {
        let input = Data("1285, 1286, 1287\n6007 6008 6009 6010\n1479, 5477, 704, 5427\n".utf8)
        let text = try tutorial(["predict", "--weights", Fixtures.kerasWeights], input: input)
        XCTAssertEqual(
            text.standardOutput,
            """
            linear  p(linear)=0.525106  p(random)=0.474894
            linear  p(linear)=0.548919  p(random)=0.451081
            linear  p(linear)=0.537368  p(random)=0.462632

            """)
        XCTAssertEqual(text.status, 0, text.standardError)
        let json = try tutorial(["predict", "--json", "--weights", Fixtures.kerasWeights, "-"], input: input)
        XCTAssertEqual(
            json.standardOutput,
            """
            {"class": "linear", "probabilities": [0.5251059, 0.4748941]}
            {"class": "linear", "probabilities": [0.5489187, 0.45108122]}
            {"class": "linear", "probabilities": [0.53736806, 0.4626319]}

            """)
    }

    /// Input named `/dev/stdin` (or a process substitution) is read as a stream, like standard input.
    func testPredictReadsDevStdin() throws {
        let result = try tutorial(
            ["predict", "--weights", Fixtures.kerasWeights, "/dev/stdin"],
            input: Data("1285 1286 1287\r6007 6008 6009 6010".utf8))
        XCTAssertEqual(result.standardOutput.split(separator: "\n").count, 2, "a lone \\r ends a line")
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    /// The answers before a bad line are printed; the bad line is one error line and a failure status.
    func testPredictErrorsAreOneLineAndAFailureExitCode() throws {
        let result = try tutorial(["predict", "--weights", Fixtures.kerasWeights], input: Data("1 2 3\n\n".utf8))
        XCTAssertEqual(result.standardOutput, "linear  p(linear)=0.519516  p(random)=0.480484\n")
        XCTAssertEqual(result.standardError, "Error: <stdin>:2: no values (each line must hold one sequence)\n")
        XCTAssertEqual(result.status, 1)
    }

    func testPredictNeedsWeights() throws {
        let result = try tutorial(["predict", "in.txt"])
        XCTAssert(
            result.standardError.hasPrefix("Error: Missing expected argument '--weights <weights>'\n"),
            result.standardError)
        XCTAssertEqual(result.status, 64)
    }

    /// Every save path that cannot or must not be replaced is refused before
    /// training starts (at once, with nothing printed on standard output), and left as it was.
    func testTrainRefusesABadSavePathBeforeTraining() throws {
        let folder = try temporaryFolder(self)
        let fifo = folder.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let readOnly = try writeText("keep me", named: "read-only.safetensors", in: folder)
        XCTAssertEqual(chmod(readOnly, 0o444), 0)
        var cases: [(String, String)] = [
            ("", "'': cannot write: the path is empty"),
            ("/dev/null", "/dev/null: cannot write: it is a device, not a regular file"),
            (fifo, "\(fifo): cannot write: it is a FIFO (named pipe), not a regular file"),
            (folder.path, "\(folder.path): cannot write: it is a folder"),
            (
                readOnly,
                "\(readOnly): cannot write: the file is read-only (its owner may not write it); "
                    + "make it writable or choose another name"
            ),
            (
                folder.path + "/no/m.safetensors",
                "\(folder.path)/no/m.safetensors: cannot write: there is no folder \(folder.path)/no"
            ),
            (
                folder.path + "/" + String(repeating: "n", count: 256),
                "\(folder.path)/\(String(repeating: "n", count: 256)): cannot write: file name too long"
            )
        ]
        #if os(Linux)
        // Linux-only paths: /dev/full (a device that is always full) and /proc (which refuses new files).
        cases += [
            ("/dev/full", "/dev/full: cannot write: it is a device, not a regular file"),
            (
                "/proc/self/m.safetensors",
                "/proc/self/m.safetensors: cannot write: cannot create a file in /proc/self: no such file or directory"
            )
        ]
        #endif
        for (path, message) in cases {
            let start = Date()
            let result = try tutorial(["train", "--save", path])
            XCTAssertEqual(result.standardError, "Error: \(message)\n", path)
            XCTAssertEqual(result.standardOutput, "", "\(path): no training before the refusal")
            XCTAssertEqual(result.status, 1, path)
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(path): refused before 2000 training steps")
        }
        XCTAssertEqual(try String(contentsOfFile: readOnly, encoding: .utf8), "keep me")
        var status = stat()
        XCTAssertEqual(lstat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO is still a FIFO")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
            ["pipe", "read-only.safetensors"], "no temporary file left")
    }

    /// A file name of 233 characters saves: the temporary file's name is short, whatever the target's.
    func testALongFileNameSaves() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent(String(repeating: "m", count: 221) + ".safetensors").path
        let result = try tutorial(["train", "--steps", "1", "--save", path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path), [(path as NSString).lastPathComponent])
    }

    /// Hyperparameters that fail validation stop training before it starts, and nothing is saved.
    func testAFailedTrainingRunWritesNothing() throws {
        let folder = try temporaryFolder(self)
        let result = try tutorial(["train", "--steps=-1", "--save", folder.appendingPathComponent("never").path])
        XCTAssert(
            result.standardError.hasPrefix(
                "Error: trainingSteps -1 is out of range: trainingSteps must be in 0...10000000\n"),
            result.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    /// A negative value after an option is that option's value, out of range, not a missing value.
    func testNegativeValuesAreOutOfRange() throws {
        let cases: [([String], String)] = [
            (["--steps", "-1"], "trainingSteps -1 is out of range: trainingSteps must be in 0...10000000"),
            (["train", "--steps", "-1"], "trainingSteps -1 is out of range: trainingSteps must be in 0...10000000"),
            (["train", "--seed", "-1"], "--seed -1 is out of range: it must be in 0...18446744073709551615"),
            (["bench", "--seed", "-1"], "--seed -1 is out of range: it must be in 0...18446744073709551615"),
            (
                ["--seed", "12345678901234567890123"],
                "--seed 12345678901234567890123 is out of range: it must be in 0...18446744073709551615"
            ),
            (["train", "--steps", "many"], "--steps many is not a whole number"),
            (
                ["--chapter", "-1"],
                "The value '-1' is invalid for '--chapter <N>': --chapter -1 is out of range: "
                    + "the chapters are \(BookContents.chapterNumbersText)"
            ),
            (["bench", "--repeat", "-1"], "--repeat must be at least 1")
        ]
        for (arguments, message) in cases {
            XCTAssertThrowsError(try Tutorial.parseAsRoot(arguments), "\(arguments)") { error in
                XCTAssertEqual(Tutorial.message(for: error), message)
            }
        }
    }

    /// Control characters from the command line are escaped in the message, and a long value is cut short.
    func testMessagesEscapeControlCharactersAndShortenLongValues() throws {
        let hostile = "a\u{1B}[2Jb"
        let result = try tutorial(["--chapter", hostile])
        XCTAssert(
            result.standardError.hasPrefix(
                #"Error: The value 'a\u{1B}[2Jb' is invalid for '--chapter <N>': --chapter a\u{1B}[2Jb is not a chapter number ("#
                    + BookContents.chapterNumbersText + ")"),
            result.standardError)
        let long = String(repeating: "7", count: 100_000)
        let message = Tutorial.printable("Error: The value '\(long)' is invalid for '--chapter <N>'")
        XCTAssertEqual(
            message,
            "Error: The value '\(String(repeating: "7", count: 40))… (100,000 characters)' "
                + "is invalid for '--chapter <N>'")
    }

    /// `bench` takes the same `--steps` as `run` and `train`.
    func testBenchSharesTheHyperparameterOptions() throws {
        let bench = try XCTUnwrap(Tutorial.parseAsRoot(["bench", "--steps", "7", "--seed", "2"]) as? Bench)
        XCTAssertEqual(bench.options.hyperparameters.trainingSteps, 7)
        XCTAssertEqual(bench.options.hyperparameters.seed, 2)
    }
}
