import ArgumentParser
import Foundation
import Runner
import Site
@testable import tutorial
import XCTest

/// Where `tutorial run` puts a site: the recorded run in `site/`, anything
/// else in a folder of its own, a broken book nowhere.
final class RunBookTests: XCTestCase {
    var root: URL!
    var site: URL { root.appendingPathComponent("site") }

    override func setUpWithError() throws {
        root = try TinyBook.make()
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
        try command([]).runAndCheck(try TinyBook.book(at: root))
        XCTAssert(exists("site/index.html") && exists("site/" + SiteFolder.markerName))
        XCTAssertFalse(exists("runs"))
    }

    func testOtherHyperparametersRenderIntoAFolderOfTheirOwn() throws {
        let run = try command(["--seed", "5", "--steps", "500"])
        XCTAssertEqual(run.siteFolder(try TinyBook.book(at: root), isExperiment: false).folder.lastPathComponent,
                       "seed-5-steps-500")
        try run.runAndCheck(try TinyBook.book(at: root))
        XCTAssert(exists("runs/seed-5-steps-500/index.html"))
        XCTAssertFalse(exists("site"), "site/ holds the recorded run only")
    }

    func testAnExperimentRendersIntoItsOwnFolderAndFails() throws {
        try command([]).runAndCheck(try TinyBook.book(at: root))
        let recorded = FileManager.default.contents(atPath: site.appendingPathComponent("01-greeting.html").path)
        XCTAssertThrowsError(try command([]).runAndCheck(try TinyBook.book(at: root, entryPoint: TinyBook.greeting(seed: 7)))) {
            XCTAssertEqual($0 as? ExitCode, .failure)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: site.appendingPathComponent("01-greeting.html").path), recorded)
        let experiment = try String(contentsOf: root.appendingPathComponent("runs/experiment/01-greeting.html"), encoding: .utf8)
        XCTAssert(experiment.contains("Hello from seed 7"))
    }

    func testABrokenBookWritesNothing() throws {
        let broken = try TinyBook.book(at: root) { notebook in
            try TinyBook.greeting()(notebook)
            notebook.text("unshown", "x")
        }
        for arguments in [[], ["--seed", "5"]] {
            XCTAssertThrowsError(try command(arguments).runAndCheck(broken))
        }
        XCTAssertFalse(exists("site") || exists("runs"))
    }

    func testTheBooksOwnFoldersAreRefusedBeforeAnythingRuns() throws {
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        for target in [".", "chapters", "Sources", "chapters/01-greeting.md"] {
            let run = try command(["--site", root.appendingPathComponent(target).path])
            XCTAssertThrowsError(try run.runAndCheck(try TinyBook.book(at: root, entryPoint: { _ in
                XCTFail("the chapters must not run")
            })))
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted(), before)
    }
}
