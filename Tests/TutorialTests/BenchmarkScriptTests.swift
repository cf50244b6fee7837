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
            + "       \(script) --grid [--runs N] [--points HxTxBxS,...] [--python PATH] [--json FILE] [--no-bench]"
            + " [--tutorial PATH]\n"
        let notAPoint = " is not HxTxBxS (hidden size, longest sequence, batch, steps: 32x20x64x2000)\n"
        let cases: [([String], String)] = [
            (["--bogus"], "error: unknown argument '--bogus'\n"),
            (["--runs", "0"], "error: --runs must be a whole number from 1 to 9999, not '0'\n"),
            (["--steps", "-5"], "error: --steps must be a whole number from 1 to 9999999, not '-5'\n"),
            (["--steps"], "error: --steps needs a value\n"),
            (["--json"], "error: --json needs a value\n"),
            (["--tutorial"], "error: --tutorial needs a value\n"),
            (["--points", "32x20x64x50"], "error: --points applies to --grid only\n"),
            (
                ["--grid", "--steps", "50"],
                "error: --steps does not apply to --grid: each point names its steps (HxTxBxS)\n"
            ),
            (["--grid", "--points"], "error: --points needs a value\n"),
            (["--grid", "--points", ""], "error: --points needs at least one point HxTxBxS\n"),
            (["--grid", "--points", "32x20x64"], "error: --points: '32x20x64'" + notAPoint),
            (["--grid", "--points", "32x20x64x50,,64x20x64x30"], "error: --points: ''" + notAPoint),
            (
                ["--grid", "--points", "2048x20x64x50"],
                "error: --points 2048x20x64x50: the hidden size H must be in 1...1024, not 2048\n"
            ),
            (
                ["--grid", "--points", "32x4x64x50"],
                "error: --points 32x4x64x50: the longest sequence T must be in 5...1000 (the shortest is 5), not 4\n"
            ),
            (
                ["--grid", "--points", "32x20x70000x50"],
                "error: --points 32x20x70000x50: the batch B must be in 1...65536, not 70000\n"
            ),
            (["--grid", "--runs", "0"], "error: --runs must be a whole number from 1 to 9999, not '0'\n")
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

    /// `Benchmarks/hidden-sweep.sh --json FILE` replaces only a report of its own, and says so before it
    /// measures anything; a folder it cannot write in is named before minutes of measuring, too.
    func testTheSweepNeverReplacesAFileItDidNotWrite() throws {
        let sweep = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent("hidden-sweep.sh")
        let folder = try temporaryFolder(self)
        let notes = folder.appendingPathComponent("notes.json")
        try Data("my notes, not a report\n".utf8).write(to: notes)
        let link = folder.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: notes)
        let missing = folder.appendingPathComponent("no-such-folder/sweep.json")
        for (target, reason) in [
            (notes, " exists and is not a report of this script; it is left as it is"),
            (link, " is a symbolic link; give a new file, or one this script wrote"),
            (missing, ": no such folder")
        ] {
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"), [sweep.path, "--json", target.path])
            XCTAssertEqual(result.status, 1, target.lastPathComponent)
            XCTAssertEqual(result.standardError, "error: --json \(target.path)\(reason)\n")
        }
        XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "my notes, not a report\n")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["link.json", "notes.json"])
    }

    /// The grid's reports and the notebook-size ones are different files:
    /// neither mode replaces the other's, nor a file of the reader's.
    func testGridJSONNeverReplacesAnotherKindOfFile() throws {
        let folder = try temporaryFolder(self)
        let compare = folder.appendingPathComponent("compare.json")
        try Data(#"{"tutorial_process_seconds": {"median_seconds": 0.5}}"#.utf8).write(to: compare)
        let grid = folder.appendingPathComponent("grid.json")
        try Data(#"{"kind": "compare.sh --grid", "points": []}"#.utf8).write(to: grid)
        let notes = folder.appendingPathComponent("notes.json")
        try Data("my notes, not a report\n".utf8).write(to: notes)
        for target in [compare, notes] {
            let result = try run(["--grid", "--json", target.path, "--python", "/no/such/python"])
            XCTAssertEqual(result.status, 1, target.lastPathComponent)
            XCTAssertEqual(
                result.standardError,
                "error: --json \(target.path) exists and is not a --grid report of this script; it is left as it is\n")
        }
        let other = try run(["--json", grid.path, "--python", "/no/such/python"])
        XCTAssertEqual(other.status, 1)
        XCTAssertEqual(
            other.standardError,
            "error: --json \(grid.path) exists and is not a report of this script; it is left as it is\n")
        // An earlier grid report is replaced: the checks pass, and the script goes on to the missing Python.
        let again = try run(["--grid", "--json", grid.path, "--python", "/no/such/python"])
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.standardError, "error: --python /no/such/python: no such program\n")
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
