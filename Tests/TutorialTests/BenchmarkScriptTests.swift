import Foundation
import TestSupport
import XCTest

/// `Benchmarks/compare.sh`'s arguments, checked before it
/// installs or builds anything (so these tests need neither torch, jax nor time).
final class BenchmarkScriptTests: XCTestCase {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/compare.sh").path

    func run(_ arguments: [String]) throws -> CommandResult {
        try runProcess(URL(fileURLWithPath: "/bin/bash"), [script] + arguments)
    }

    func testHelpDescribesTheScript() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssert(
            help.standardOutput.hasPrefix(
                "Trains the same model with PyTorch (Benchmarks/pytorch_train.py), JAX\n(Benchmarks/jax_train.py)"),
            help.standardOutput)
        XCTAssert(help.standardOutput.contains("Benchmarks/.venv"), "says where its own Python environment goes")
    }

    func testBadArgumentsAreRefusedWithTheUsage() throws {
        let usage =
            "usage: \(script) [--runs N] [--steps N] [--python PATH] [--json FILE] [--no-bench] [--tutorial PATH]\n"
        let cases: [([String], String)] = [
            (["--bogus"], "error: unknown argument '--bogus'\n"),
            (["--runs", "0"], "error: --runs must be a whole number from 1 to 9999, not '0'\n"),
            (["--steps", "-5"], "error: --steps must be a whole number from 1 to 9999999, not '-5'\n"),
            (["--steps"], "error: --steps needs a value\n"),
            (["--json"], "error: --json needs a value\n"),
            (["--tutorial"], "error: --tutorial needs a value\n")
        ]
        for (arguments, message) in cases {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertEqual(result.standardError, message + usage, "\(arguments)")
        }
    }

    func testATutorialThatDoesNotExistIsNamed() throws {
        let result = try run(["--tutorial", "/no/such/tutorial"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError, "error: --tutorial /no/such/tutorial: no such program\n")
    }

    func testAPythonThatDoesNotExistIsNamed() throws {
        let result = try run(["--python", "/no/such/python"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError, "error: --python /no/such/python: no such program\n")
    }

    /// `--json` replaces only a report the script wrote: a file of the reader's,
    /// or a symbolic link, is refused before anything runs, and stays as it was.
    func testJSONNeverReplacesAFileItDidNotWrite() throws {
        let folder = try temporaryFolder(self)
        let notes = folder.appendingPathComponent("notes.json")
        try Data("my notes, not a report\n".utf8).write(to: notes)
        let link = folder.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: notes)
        for (target, reason) in [
            (notes, "exists and is not a report of this script; it is left as it is"),
            (link, "is a symbolic link; give a new file, or one this script wrote")
        ] {
            let result = try run(["--json", target.path, "--python", "/no/such/python"])
            XCTAssertEqual(result.status, 1, target.lastPathComponent)
            XCTAssertEqual(result.standardError, "error: --json \(target.path) \(reason)\n")
        }
        XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "my notes, not a report\n")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
            ["link.json", "notes.json"])
    }

    /// A report of its own (an earlier run's) is not refused: the checks pass
    /// and the script goes on, here to the missing Python.
    func testJSONMayReplaceAnEarlierReport() throws {
        let report = try temporaryFolder(self).appendingPathComponent("compare.json")
        try Data(#"{"tutorial_process_seconds": {"median_seconds": 0.5}}"#.utf8).write(to: report)
        let result = try run(["--json", report.path, "--python", "/no/such/python"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError, "error: --python /no/such/python: no such program\n")
    }
}
