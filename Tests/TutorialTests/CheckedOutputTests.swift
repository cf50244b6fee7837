import Foundation
import XCTest

/// Output that cannot be written is an error, never output silently lost:
/// every command, writing to a full device or to a closed standard output,
/// exits non-zero with one line that says why.
final class CheckedOutputTests: XCTestCase {
    static let commands: [[String]] = [
        ["--list"], ["--chapter", "1"], ["train", "--steps", "3", "--held-out-size", "5"],
        ["train", "--steps", "300", "--held-out-size", "5", "--display-step", "1"]
    ]

    /// The built executable, run by `sh` with standard output sent to `redirection`.
    func run(_ arguments: [String], redirection: String) throws -> CommandResult {
        let bundle = Bundle(for: CheckedOutputTests.self).bundleURL
        let folder = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let executable = folder.appendingPathComponent("tutorial").path
        return try runProcess(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "cd \"$1\" && shift && exec \"$@\" \(redirection)", "sh", SharedBookRun.root.path,
                executable
            ] + arguments)
    }

    func testAFullDeviceIsAnError() throws {
        #if !os(Linux)
        throw XCTSkip("/dev/full, a device that is always full, is Linux's")
        #endif
        var commands = Self.commands
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent(
            "checked-\(UUID().uuidString).safetensors")
        let sequences = FileManager.default.temporaryDirectory.appendingPathComponent(
            "checked-\(UUID().uuidString).txt")
        defer { for file in [weights, sequences] { try? FileManager.default.removeItem(at: file) } }
        XCTAssertEqual(
            try tutorial(["train", "--steps", "2", "--held-out-size", "5", "--save", weights.path]).status, 0)
        try Data("4617, 4618, 4619\n1, 2, 9\n".utf8).write(to: sequences)
        commands.append(["predict", "--weights", weights.path, sequences.path])
        for arguments in commands {
            let result = try run(arguments, redirection: "> /dev/full")
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(
                result.standardError, "error: cannot write to standard output: no space left on device\n",
                "\(arguments)")
        }
    }

    func testAClosedStandardOutputIsRefusedBeforeAnythingRuns() throws {
        for arguments in Self.commands {
            let result = try run(arguments, redirection: ">&-")
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(
                result.standardError,
                "error: standard output is closed; redirect it to a file or to /dev/null instead\n", "\(arguments)")
        }
    }
}
