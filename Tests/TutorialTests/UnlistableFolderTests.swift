import Foundation
import XCTest

/// A folder the tool cannot fully see is not empty: `--site` refuses it and
/// deletes nothing. Root reads folders of mode 000, so the tool runs as an
/// unprivileged user (`setpriv`, as the reader would be), on folders that user owns.
final class UnlistableFolderTests: XCTestCase {
    static let nobody = "65534"
    var scratch: URL!

    override func setUpWithError() throws {
        #if !os(Linux)
        throw XCTSkip("uses setpriv, a Linux tool, to run as an unprivileged user")
        #endif
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run the tool as another user")
        }
        guard try asNobody(["--list"]).status == 0 else {
            throw XCTSkip("the unprivileged user cannot read the book at \(SharedBookRun.root.path)")
        }
        scratch = URL(fileURLWithPath: "/tmp/unlistable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        XCTAssertEqual(chmod(scratch.path, 0o755), 0)
    }

    override func tearDownWithError() throws {
        guard let scratch else { return }
        _ = try? FileManager.default.subpathsOfDirectory(atPath: scratch.path).map {
            chmod(scratch.appendingPathComponent($0).path, 0o755)
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Makes `relative` (a folder) with `files` in it, all owned by nobody.
    func make(_ relative: String, files: [String: String]) throws -> URL {
        let folder = scratch.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        for path in [folder.path]
            + (try FileManager.default.subpathsOfDirectory(atPath: folder.path)).map({ folder.path + "/" + $0 })
        {
            XCTAssertEqual(chown(path, 65534, 65534), 0)
        }
        return folder
    }

    func asNobody(_ arguments: [String]) throws -> CommandResult {
        let bundle = Bundle(for: UnlistableFolderTests.self).bundleURL
        let folder = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        return try runProcess(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            [
                "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups",
                folder.appendingPathComponent("tutorial").path, "--root", SharedBookRun.root.path
            ] + arguments)
    }

    func testAFolderHoldingAnUnreadableFolderIsRefusedAndKept() throws {
        for mode: mode_t in [0o000, 0o300] {
            // Nothing but the unreadable folder: a listing that failed would have looked empty.
            let site = try make("v\(String(mode, radix: 8))", files: ["locked/thesis.txt": "precious"])
            XCTAssertEqual(chmod(site.appendingPathComponent("locked").path, mode), 0)
            let result = try asNobody(["--site", site.path, "--steps", "1"])
            XCTAssertNotEqual(result.status, 0)
            XCTAssert(
                result.standardError.contains("locked: cannot list the folder: permission denied"), result.standardError
            )
            XCTAssertEqual(chmod(site.appendingPathComponent("locked").path, 0o755), 0)
            XCTAssertEqual(
                try String(contentsOf: site.appendingPathComponent("locked/thesis.txt"), encoding: .utf8), "precious")
        }
    }

    func testAFolderThatCannotItselfBeListedIsRefused() throws {
        let site = try make("v0311", files: ["notes.txt": "mine"])
        XCTAssertEqual(chmod(site.path, 0o311), 0)
        let result = try asNobody(["--site", site.path, "--steps", "1"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssert(result.standardError.contains("cannot list the folder: permission denied"), result.standardError)
        XCTAssertEqual(chmod(site.path, 0o755), 0)
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("notes.txt"), encoding: .utf8), "mine")
    }
}
