import ArgumentParser
import Foundation
import Runner
import Site
@testable import tutorial
import XCTest

/// Where `tutorial run` puts a site: the recorded run in `site/`, anything
/// else in a folder of its own, a broken book nowhere.
final class RunCommandPipelineTests: XCTestCase {
    var root: URL!
    var site: URL { root.appendingPathComponent("site") }

    override func setUpWithError() throws {
        root = try TinyBook.make()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func command(_ arguments: [String]) throws -> RunCommand {
        try XCTUnwrap(Tutorial.parseAsRoot(["run", "--root", root.path] + arguments) as? RunCommand)
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    func testTheRecordedRunGoesToSite() throws {
        XCTAssertTrue(try command([]).pipeline(for: TinyBook.book(at: root)).runAndCheck())
        XCTAssert(exists("site/index.html") && exists("site/" + SiteFolder.markerName))
        XCTAssertFalse(exists("runs"))
    }

    func testOtherHyperparametersRenderIntoAFolderOfTheirOwn() throws {
        let run = try command(["--seed", "5", "--steps", "500"])
        XCTAssertEqual(
            try run.pipeline(for: TinyBook.book(at: root)).siteFolder(isExperiment: false).folder.lastPathComponent,
            "steps-500-seed-5")
        XCTAssertTrue(try run.pipeline(for: TinyBook.book(at: root)).runAndCheck())
        XCTAssert(exists("runs/steps-500-seed-5/index.html"))
        XCTAssertFalse(exists("site"), "site/ holds the recorded run only")
    }

    /// The folder of a run spells the values it changed, in the order of `--help`; a name too long
    /// for a folder keeps its start and ends with a digest of the whole.
    func testTheRunsFolderSpellsTheChangedValues() throws {
        XCTAssertEqual(
            try command(["--steps", "500", "--hidden-size", "8"]).options.changedValuesName, "hidden-size-8-steps-500")
        XCTAssertEqual(
            try command(["--steps", "2000", "--learning-rate", "0.01"]).options.changedValuesName,
            "learning-rate-0.01")
        let long = try command([
            "--hidden-size", "3", "--batch-size", "3", "--max-length", "9", "--min-length", "3",
            "--max-value", "99", "--held-out-size", "9", "--display-step", "3",
            "--seed", "18446744073709551615"
        ]).options.changedValuesName
        XCTAssertEqual(long.count, 80)
        XCTAssert(long.hasPrefix("hidden-size-3-batch-size-3-max-length-9-min-length-3"), long)
        let other = try command([
            "--hidden-size", "3", "--batch-size", "3", "--max-length", "9", "--min-length", "3",
            "--max-value", "99", "--held-out-size", "9", "--display-step", "3",
            "--seed", "18446744073709551614"
        ]).options.changedValuesName
        XCTAssertNotEqual(long, other)
    }

    func testAnExperimentRendersIntoItsOwnFolderAndFails() throws {
        XCTAssertTrue(try command([]).pipeline(for: TinyBook.book(at: root)).runAndCheck())
        let recorded = FileManager.default.contents(atPath: site.appendingPathComponent("01-greeting.html").path)
        XCTAssertFalse(
            try command([]).pipeline(for: TinyBook.book(at: root, entryPoint: TinyBook.greeting(seed: 7)))
                .runAndCheck(), "an experiment is not the recorded run")
        XCTAssertEqual(
            FileManager.default.contents(atPath: site.appendingPathComponent("01-greeting.html").path), recorded)
        let experiment = try String(
            contentsOf: root.appendingPathComponent("runs/experiment/01-greeting.html"), encoding: .utf8)
        XCTAssert(experiment.contains("Hello from seed 7"))
    }

    func testTheLastLineSaysWhereTheSiteWent() throws {
        let book = try TinyBook.book(at: root)
        XCTAssertEqual(
            try command([]).pipeline(for: book).siteFolder(isExperiment: false).message, "site written to \(site.path)")
        XCTAssert(
            try command([]).pipeline(for: book).siteFolder(isExperiment: true).message.hasPrefix(
                "the outputs differ from the recorded ones (diffs above): this run is an experiment, rendered into runs/experiment/"
            ))
        XCTAssert(
            try command(["--steps", "5"]).pipeline(for: book).siteFolder(isExperiment: false).message.hasPrefix(
                "outputs not compared: they are recorded with the default hyperparameters. This run's site is in runs/steps-5/"
            ))
        let elsewhere = root.appendingPathComponent("out").path
        XCTAssertEqual(
            try command(["--site", elsewhere]).pipeline(for: book).siteFolder(isExperiment: true).message,
            "the outputs differ from the recorded ones (diffs above): this experiment's site is written to \(elsewhere)"
        )
    }

    func testABrokenBookWritesNothing() throws {
        let broken = try TinyBook.book(at: root) { notebook in
            try TinyBook.greeting()(notebook)
            notebook.text("unshown", "x")
        }
        for arguments in [[], ["--seed", "5"]] {
            XCTAssertFalse(try command(arguments).pipeline(for: broken).runAndCheck())
        }
        XCTAssertFalse(exists("site") || exists("runs"))
    }

    func testTheBooksOwnFoldersAreRefusedBeforeAnythingRuns() throws {
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        for target in [".", "chapters", "Sources", "chapters/01-greeting.md"] {
            let run = try command(["--site", root.appendingPathComponent(target).path])
            XCTAssertThrowsError(
                try run.pipeline(
                    for: TinyBook.book(
                        at: root,
                        entryPoint: { _ in
                            XCTFail("the chapters must not run")
                        })
                ).runAndCheck())
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted(), before)
    }

    /// An expensive chapter runs once, then `tutorial` shows its kept outputs
    /// until `--refresh`; `--update` keeps them too; a changed input runs it again.
    func testAnExpensiveChapterRunsOnlyWhenItsInputsChangeOrWhenAsked() throws {
        final class Counter { var runs = 0 }
        let counter = Counter()
        let source = root.appendingPathComponent("Sources/Greeting.swift")
        try FileManager.default.createDirectory(
            at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "let greeting = 1\n".write(to: source, atomically: true, encoding: .utf8)
        func book() throws -> Book {
            var contents = try TinyBook.book(at: root).chapters.map {
                ChapterEntry(number: $0.number, slug: $0.slug, entryPoint: $0.entryPoint)
            }
            contents[1].entryPoint = { notebook in
                counter.runs += 1
                try TinyBook.greeting()(notebook)
            }
            contents[1].freeze = FreezeInputs(paths: ["Sources"], settings: "recorded")
            return try Book(root: root, contents: contents)
        }
        _ = try command([]).pipeline(for: book()).runAndCheck()
        XCTAssertEqual(counter.runs, 1)
        XCTAssert(exists("chapters/_freeze/01-greeting.json"))
        _ = try command([]).pipeline(for: book()).runAndCheck()
        XCTAssertEqual(counter.runs, 1, "nothing changed: the kept outputs are shown")
        _ = try command(["--refresh"]).pipeline(for: book()).runAndCheck()
        XCTAssertEqual(counter.runs, 2)
        try command(["--update"]).pipeline(for: book()).record()
        XCTAssertEqual(counter.runs, 2)
        try "let greeting = 2\n".write(to: source, atomically: true, encoding: .utf8)
        _ = try command([]).pipeline(for: book()).runAndCheck()
        XCTAssertEqual(counter.runs, 3, "a source changed: the chapter runs again")
        _ = try command([]).pipeline(for: book()).runAndCheck()
        XCTAssertEqual(counter.runs, 3, "and keeps the new outputs")

        // Kept outputs edited by hand, the fingerprint left as it was: --update runs the chapter
        // rather than record what was never computed.
        let kept = root.appendingPathComponent("chapters/_freeze/01-greeting.json")
        let edited = try String(contentsOf: kept, encoding: .utf8).replacingOccurrences(of: "seed 0", with: "seed 9")
        XCTAssert(edited.contains("seed 9"))
        try edited.write(to: kept, atomically: true, encoding: .utf8)
        try command(["--update"]).pipeline(for: book()).record()
        XCTAssertEqual(counter.runs, 4, "kept outputs that differ from the recording are not trusted")
        let chapter = try String(contentsOf: root.appendingPathComponent("chapters/01-greeting.md"), encoding: .utf8)
        XCTAssert(chapter.contains("Hello from seed 0") && !chapter.contains("seed 9"), chapter)
    }
}

/// What `tutorial run` prints for a broken book: the error, once, and nothing written.
final class RunCommandMessageTests: XCTestCase {
    func testABookErrorIsPrintedOnceAndNothingIsWritten() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("broken-book-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["chapters", "Sources"] {
            try FileManager.default.copyItem(
                at: SharedBookRun.root.appendingPathComponent(folder),
                to: root.appendingPathComponent(folder))
        }
        let chapter = root.appendingPathComponent("chapters/03-model.md")
        let broken = try String(contentsOf: chapter, encoding: .utf8)
            .replacingOccurrences(of: "{{#include ../Sources/Library/03-Model/", with: "{{#include ../../../../etc/")
        try Data(broken.utf8).write(to: chapter)
        let command = try XCTUnwrap(Tutorial.parseAsRoot(["--root", root.path]) as? RunCommand)
        let output = try capturingOutput { XCTAssertThrowsError(try command.run()) }
        let errors = output.split(separator: "\n").filter { $0.contains("cannot include") }
        XCTAssertEqual(errors.count, 1, output)
        XCTAssert(errors.first?.hasPrefix("error: chapters/03-model.md:") == true, output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs").path))
    }

    /// Everything `body` writes to standard output and standard error.
    func capturingOutput(_ body: () throws -> Void) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        fflush(nil)
        let (savedOut, savedError) = (dup(STDOUT_FILENO), dup(STDERR_FILENO))
        dup2(handle.fileDescriptor, STDOUT_FILENO)
        dup2(handle.fileDescriptor, STDERR_FILENO)
        defer {
            fflush(nil)
            dup2(savedOut, STDOUT_FILENO)
            dup2(savedError, STDERR_FILENO)
            close(savedOut)
            close(savedError)
            try? handle.close()
        }
        try body()
        fflush(nil)
        return try String(contentsOf: file, encoding: .utf8)
    }
}
