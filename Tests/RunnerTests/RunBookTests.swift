import ArgumentParser
import Foundation
@testable import Runner
import Site
@testable import tutorial
import XCTest

/// Where `tutorial run` puts a site: the recorded run in `site/`, anything
/// else in a folder of its own, a broken book nowhere.
final class RunBookTests: XCTestCase {
    var root: URL!
    var site: URL { root.appendingPathComponent("site") }

    override func setUpWithError() throws {
        root = try FixtureBook.copy("book")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func command(_ arguments: [String]) throws -> RunBook {
        try XCTUnwrap(Tutorial.parseAsRoot(["run", "--root", root.path] + arguments) as? RunBook)
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    func testTheRecordedRunGoesToSite() throws {
        try command([]).runAndCheck(try FixtureBook.book(at: root))
        XCTAssert(exists("site/index.html") && exists("site/" + SiteFolder.markerName))
        XCTAssertFalse(exists("runs"))
    }

    func testOtherHyperparametersRenderIntoAFolderOfTheirOwn() throws {
        let run = try command(["--seed", "5", "--steps", "500"])
        XCTAssertEqual(run.siteFolder(try FixtureBook.book(at: root), isExperiment: false).folder.lastPathComponent,
                       "seed-5-steps-500")
        try run.runAndCheck(try FixtureBook.book(at: root))
        XCTAssert(exists("runs/seed-5-steps-500/index.html"))
        XCTAssertFalse(exists("site"), "site/ holds the recorded run only")
    }

    func testAnExperimentRendersIntoItsOwnFolderAndFails() throws {
        try command([]).runAndCheck(try FixtureBook.book(at: root))
        let recorded = FileManager.default.contents(atPath: site.appendingPathComponent("01-counting.html").path)
        XCTAssertThrowsError(try command([]).runAndCheck(try FixtureBook.book(at: root, entryPoint: FixtureBook.counting(seed: 7)))) {
            XCTAssertEqual($0 as? ExitCode, .failure)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: site.appendingPathComponent("01-counting.html").path), recorded)
        let experiment = try String(contentsOf: root.appendingPathComponent("runs/experiment/01-counting.html"), encoding: .utf8)
        XCTAssert(experiment.contains("Hello from seed 7"))
    }

    func testABrokenBookWritesNothing() throws {
        let broken = try FixtureBook.book(at: root) { notebook in
            try FixtureBook.counting()(notebook)
            notebook.text("unshown", "x")
        }
        for arguments in [[], ["--seed", "5"]] {
            XCTAssertThrowsError(try command(arguments).runAndCheck(broken))
        }
        XCTAssertFalse(exists("site") || exists("runs"))
    }

    func testTheBooksOwnFoldersAreRefusedBeforeAnythingRuns() throws {
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        for target in [".", "chapters", "Sources", "chapters/01-counting.md"] {
            let run = try command(["--site", root.appendingPathComponent(target).path])
            XCTAssertThrowsError(try run.runAndCheck(try FixtureBook.book(at: root, entryPoint: { _ in
                XCTFail("the chapters must not run")
            })))
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted(), before)
    }

    /// An expensive chapter runs once, then `tutorial` shows its kept outputs
    /// until `--refresh`; `--update` keeps them too.
    func testAnExpensiveChapterRunsOnlyWhenItsInputsChangeOrWhenAsked() throws {
        final class Counter { var runs = 0 }
        let counter = Counter()
        func book() throws -> Book {
            var contents = FixtureBook.contents(entryPoint: { notebook in
                counter.runs += 1
                try FixtureBook.counting()(notebook)
            })
            contents[1].freeze = FreezeInputs(paths: ["Sources"], settings: "recorded")
            return try Book(root: root, contents: contents)
        }
        try command([]).runAndCheck(try book())
        XCTAssertEqual(counter.runs, 1)
        XCTAssert(exists("chapters/_freeze/01-counting.json"))
        try command([]).runAndCheck(try book())
        XCTAssertEqual(counter.runs, 1, "nothing changed: the kept outputs are shown")
        try command(["--refresh"]).runAndCheck(try book())
        XCTAssertEqual(counter.runs, 2)
        try command(["--update"]).record(try book())
        XCTAssertEqual(counter.runs, 2)
        let source = root.appendingPathComponent("Sources/Counting.swift")
        try (try String(contentsOf: source, encoding: .utf8) + "// changed\n").write(to: source, atomically: true, encoding: .utf8)
        try command([]).runAndCheck(try book())
        XCTAssertEqual(counter.runs, 3, "a source changed: the chapter runs again")
        try command([]).runAndCheck(try book())
        XCTAssertEqual(counter.runs, 3, "and keeps the new outputs")
    }
}
