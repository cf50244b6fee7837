import Foundation
import Synchronization
import XCTest
@testable import Site

/// The site folder is always a whole site, and only a folder this tool wrote is ever replaced.
final class SiteFolderTests: XCTestCase {
    private var parent: URL!
    private var site: URL { parent.appendingPathComponent("site") }
    private let fileManager = FileManager.default

    override func setUpWithError() throws {
        parent = fileManager.temporaryDirectory.appendingPathComponent("site-folder-\(UUID().uuidString)")
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        try SiteFolder.write(files(["index.html": "old index", "01-old.html": "old chapter"]), to: site)
    }

    override func tearDownWithError() throws {
        _ = try? fileManager.subpathsOfDirectory(atPath: parent.path).map {
            chmod(parent.appendingPathComponent($0).path, 0o755)
        }
        try? fileManager.removeItem(at: parent)
    }

    func testANewSiteReplacesTheOldOneWholeWithItsMarker() throws {
        try SiteFolder.write(files(["index.html": "new index", "css/style.css": "body {}"]), to: site)
        XCTAssertEqual(try listing(), [".tutorial-site", "css/style.css", "index.html"], "the old chapter must be gone")
        XCTAssertEqual(try read("index.html"), "new index")
        XCTAssertEqual(
            try read(".tutorial-site"),
            SiteFolder.markerText(for: files(["index.html": "new index", "css/style.css": "body {}"])))
        XCTAssertEqual(try siblings(), ["site"], "no temporary folder may be left beside the site")
    }

    func testBinaryFilesAreWrittenByteForByte() throws {
        let bytes = Data([0, 1, 0xFF, 0xFE, 0x0D, 0x0A])
        try SiteFolder.write(["model.safetensors": bytes], to: site)
        XCTAssertEqual(fileManager.contents(atPath: site.appendingPathComponent("model.safetensors").path), bytes)
    }

    func testTheOldSiteStaysWhenWritingFails() throws {
        // A file and a folder of the same name: the second write fails after the first succeeded.
        XCTAssertThrowsError(try SiteFolder.write(files(["a": "file", "a/b.html": "inside a file"]), to: site))
        XCTAssertEqual(try read("index.html"), "old index")
        XCTAssertEqual(try siblings(), ["site"], "the half-written folder must be removed")
    }

    func testAFailureIsOneLineOfWordsNamingThePath() throws {
        #if !os(Linux)
        throw XCTSkip("uses /proc, a Linux folder where no file can be created")
        #endif
        let message = failure {
            try SiteFolder.write(files(["index.html": "x"]), to: URL(fileURLWithPath: "/proc/self/site"))
        }
        XCTAssert(message.hasPrefix("/proc/self/site: "), message)
        XCTAssert(message.contains("cannot create the site's temporary folder: "), message)
        XCTAssertFalse(message.contains("\n") || message.contains("Domain") || message.contains("Code="), message)
    }

    func testPathsThatLeaveTheFolderAreRefused() throws {
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["../escape.html": "x"]), to: site) },
            "\(site.path): '../escape.html' is not a relative path inside the site folder")
        XCTAssertEqual(try read("index.html"), "old index")
    }

    func testAMissingOrEmptyFolderIsWrittenAndMissingParentsMade() throws {
        let deep = parent.appendingPathComponent("runs/seed-5")
        try SiteFolder.write(files(["index.html": "x"]), to: deep)
        let empty = parent.appendingPathComponent("empty")
        try fileManager.createDirectory(at: empty, withIntermediateDirectories: false)
        try SiteFolder.write(files(["index.html": "y"]), to: empty)
        XCTAssertEqual(fileManager.contents(atPath: empty.appendingPathComponent("index.html").path), Data("y".utf8))
    }

    func testAFileOrALinkIsNotReplaced() throws {
        let file = parent.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: file)
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["index.html": "x"]), to: file) },
            "\(file.path): it is a file, not a site folder; choose a folder")
        XCTAssertEqual(fileManager.contents(atPath: file.path), Data("mine".utf8))
        let link = parent.appendingPathComponent("link")
        try fileManager.createSymbolicLink(at: link, withDestinationURL: site)
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["index.html": "x"]), to: link) },
            "\(link.path): it is a symbolic link, not a site folder; choose a folder")
    }

    func testAFolderWithoutTheMarkerIsNotReplaced() throws {
        let project = parent.appendingPathComponent("project")
        try fileManager.createDirectory(at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("# Chapter".utf8).write(to: project.appendingPathComponent("01.md"))
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["index.html": "x"]), to: project) },
            "\(project.path): it holds files that tutorial did not write (no .tutorial-site marker); "
                + "choose an empty or new folder")
        XCTAssertEqual(try fileManager.subpathsOfDirectory(atPath: project.path).sorted(), [".git", "01.md"])
    }

    /// A reader's own file inside the site is never deleted: the write is refused and says which file.
    func testAReadersFileInsideTheSiteIsKeptAndNamed() throws {
        try Data("my notes".utf8).write(to: site.appendingPathComponent("notes.txt"))
        try fileManager.createDirectory(at: site.appendingPathComponent("pictures"), withIntermediateDirectories: false)
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["index.html": "x"]), to: site) },
            "\(site.path): it holds files that tutorial did not write, or that changed since (notes.txt, pictures); "
                + "move them out, the site folder is replaced whole")
        XCTAssertEqual(try read("notes.txt"), "my notes")
        XCTAssertEqual(try read("index.html"), "old index")
    }

    func testLeftoversOfAKilledRunAreClearedAndOtherFoldersBesideKept() throws {
        for name in [".site.tutorial-new", ".site.tutorial-old"] {
            let leftover = parent.appendingPathComponent(name)
            try fileManager.createDirectory(at: leftover, withIntermediateDirectories: true)
            try Data(SiteFolder.markerText(for: files(["stale.html": "stale"])).utf8).write(
                to: leftover.appendingPathComponent(".tutorial-site"))
            try Data("stale".utf8).write(to: leftover.appendingPathComponent("stale.html"))
        }
        for name in ["site.tmp", "site.tmp-old"] {
            try fileManager.createDirectory(at: parent.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data("reader's".utf8).write(to: parent.appendingPathComponent(name + "/keep.txt"))
        }
        try SiteFolder.write(files(["index.html": "new index"]), to: site)
        XCTAssertEqual(try listing(), [".tutorial-site", "index.html"])
        XCTAssertEqual(try siblings(), ["site", "site.tmp", "site.tmp-old"])
    }

    func testAFolderInTheWayOfTheTemporaryOneIsNotDeleted() throws {
        let inTheWay = parent.appendingPathComponent(".site.tutorial-new")
        try fileManager.createDirectory(at: inTheWay, withIntermediateDirectories: true)
        try Data("reader's".utf8).write(to: inTheWay.appendingPathComponent("keep.txt"))
        XCTAssertEqual(
            failure { try SiteFolder.write(files(["index.html": "x"]), to: site) },
            "\(inTheWay.path): it is in the way of the site's temporary folder and was not made by tutorial; move it away"
        )
        XCTAssertEqual(
            fileManager.contents(atPath: inTheWay.appendingPathComponent("keep.txt").path), Data("reader's".utf8))
    }

    /// Where the folders cannot be swapped in one step, a kill between the two
    /// renames leaves the old site beside its place; the next run puts it back first.
    func testARunKilledBetweenTheTwoRenamesIsRepairedByTheNextOne() throws {
        XCTAssertEqual(rename(site.path, parent.appendingPathComponent(".site.tutorial-old").path), 0)
        try SiteFolder.checkReplaceable(site)
        try SiteFolder.write(files(["index.html": "new index"]), to: site)
        XCTAssertEqual(try read("index.html"), "new index")
        XCTAssertEqual(try siblings(), ["site"])
    }

    /// We run as root, for whom `access()` allows everything: the mode bits are what must survive.
    func testTheFolderKeepsItsPermissions() throws {
        for mode: mode_t in [0o555, 0o700, 0o751] {
            XCTAssertEqual(chmod(site.path, mode), 0)
            try SiteFolder.write(files(["index.html": "new index"]), to: site)
            var info = stat()
            XCTAssertEqual(lstat(site.path, &info), 0)
            XCTAssertEqual(info.st_mode & 0o7777, mode, String(mode, radix: 8))
        }
        XCTAssertEqual(try siblings(), ["site"])
    }

    /// A marker proves nothing by itself: one written by hand (or stale, or
    /// copied) that lists a reader's files does not match their bytes.
    func testAHandWrittenMarkerDoesNotMakeAReadersFilesTheTools() throws {
        let folder = parent.appendingPathComponent("p1")
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("precious".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("x\ny\nnotes.txt\n".utf8).write(to: folder.appendingPathComponent(".tutorial-site"))
        XCTAssertThrowsError(try SiteFolder.write(files(["index.html": "x"]), to: folder))
        // A marker of the right form, listing the file with another content's hash.
        try Data(SiteFolder.markerText(for: files(["notes.txt": "something else!"])).utf8)
            .write(to: folder.appendingPathComponent(".tutorial-site"))
        XCTAssertThrowsError(try SiteFolder.write(files(["index.html": "x"]), to: folder))
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8), "precious")
    }

    /// A page the reader edited after the run is theirs now: the site is refused, the edit kept.
    func testAFileChangedSinceTheRunIsNotReplaced() throws {
        try Data("old index, edited".utf8).write(to: site.appendingPathComponent("index.html"))
        XCTAssert(failure { try SiteFolder.write(files(["index.html": "x"]), to: site) }.contains("(index.html)"))
        XCTAssertEqual(try read("index.html"), "old index, edited")
    }

    /// A link or a FIFO inside the site is not the tool's, whatever the marker says.
    func testALinkInsideTheSiteIsNotTheTools() throws {
        XCTAssertEqual(symlink("/etc/hostname", site.appendingPathComponent("linked").path), 0)
        XCTAssert(failure { try SiteFolder.write(files(["index.html": "x"]), to: site) }.contains("(linked)"))
    }

    /// A site inside another site would be deleted with it: refused.
    func testAFolderInsideASiteIsRefused() throws {
        let inner = site.appendingPathComponent("sub")
        XCTAssert(failure { try SiteFolder.checkReplaceable(inner) }.contains("is inside \(site.path), a site folder"))
        XCTAssert(failure { try SiteFolder.write(files(["index.html": "x"]), to: inner) }.contains("a site folder"))
        XCTAssertFalse(fileManager.fileExists(atPath: inner.path))
    }

    /// Writers of one site take turns: whichever finishes last, the folder is one whole site and its marker.
    func testConcurrentWritersLeaveOneWholeSite() throws {
        let sites = (0..<6).map { run in
            Dictionary(uniqueKeysWithValues: (0..<12).map { ("page-\($0).html", Data("run \(run) page \($0)".utf8)) })
        }
        let failures = Mutex(0)
        let target = site
        DispatchQueue.concurrentPerform(iterations: sites.count) { run in
            do { try SiteFolder.write(sites[run], to: target) } catch { failures.withLock { $0 += 1 } }
        }
        XCTAssertEqual(failures.withLock { $0 }, 0)
        let marker = try read(".tutorial-site")
        let winner = try XCTUnwrap(sites.first { SiteFolder.markerText(for: $0) == marker })
        XCTAssertEqual(try listing(), ([".tutorial-site"] + winner.keys).sorted())
        for (name, data) in winner {
            XCTAssertEqual(fileManager.contents(atPath: site.appendingPathComponent(name).path), data)
        }
        XCTAssertEqual(try siblings(), ["site"])
    }

    /// `..` is read as the file system reads it: after a missing folder it names nothing;
    /// after a link it goes above the link's target, as the shell does.
    func testDotDotIsPhysical() throws {
        XCTAssertEqual(try SiteFolder.physicalPath("a/./b", from: "/x"), "/x/a/b")
        XCTAssertEqual(
            try SiteFolder.physicalPath("site/../other", from: parent.path),
            (realpath(parent.path, nil).map { String(cString: $0) } ?? "") + "/other")
        XCTAssert(
            failure { _ = try SiteFolder.physicalPath("missing/../../etc", from: parent.path) }
                .contains("missing is not an existing folder, so '..' after it names nothing"))
        let deep = parent.appendingPathComponent("deep/inner")
        try fileManager.createDirectory(at: deep, withIntermediateDirectories: true)
        let link = parent.appendingPathComponent("link")
        try fileManager.createSymbolicLink(at: link, withDestinationURL: deep)
        let realDeep = try XCTUnwrap(realpath(deep.path, nil).map { String(cString: $0) })
        XCTAssertEqual(
            try SiteFolder.physicalPath("link/../out", from: parent.path),
            (realDeep as NSString).deletingLastPathComponent + "/out")
    }

    /// A name too long for the temporary folder beside it is refused before any work, not after.
    func testANameTooLongForItsTemporaryIsRefusedUpFront() throws {
        let long = parent.appendingPathComponent(String(repeating: "n", count: 250))
        XCTAssert(failure { try SiteFolder.checkReplaceable(long) }.contains("too long for its temporary name"))
        XCTAssertNoThrow(
            try SiteFolder.checkReplaceable(parent.appendingPathComponent(String(repeating: "n", count: 241))))
    }

    // MARK: Helpers

    private func files(_ texts: [String: String]) -> [String: Data] { texts.mapValues { Data($0.utf8) } }

    private func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("expected the write to be refused", file: file, line: line)
        } catch {
            return "\(error)"
        }
        return ""
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    /// The regular files under the site, as relative paths.
    private func listing() throws -> [String] {
        try fileManager.subpathsOfDirectory(atPath: site.path).filter { path in
            var isFolder: ObjCBool = false
            return fileManager.fileExists(atPath: site.appendingPathComponent(path).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    private func siblings() throws -> [String] {
        try fileManager.contentsOfDirectory(atPath: parent.path).sorted()
    }
}
