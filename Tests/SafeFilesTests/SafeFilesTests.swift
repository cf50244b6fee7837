import Foundation
import SafeFiles
import XCTest

final class SHA256Tests: XCTestCase {
    /// The test vectors of FIPS 180-4's examples and NIST's short and long messages.
    func testTheStandardsVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length around the block boundary (55, 56, 63, 64, 65 bytes) pads correctly: the
    /// digest of a file read in chunks equals the digest of its bytes at once.
    func testChunkedAndWholeAgreeAtEveryLength() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 127, 128, 65_537] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let file = folder.appendingPathComponent("\(length)")
            try Data(bytes).write(to: file)
            XCTAssertEqual(try SafeFiles.sha256(ofFile: file.path), SHA256.hex(bytes), "\(length) bytes")
        }
        XCTAssertEqual(
            SHA256.hex((0..<55).map { _ in UInt8(0) }),
            "02779466cdec163811d078815c633f21901413081449002f24aa3e80f0b88ef7")
    }
}

final class SafeFilesTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("safe-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        _ = try? FileManager.default.subpathsOfDirectory(atPath: folder.path).map {
            chmod(folder.appendingPathComponent($0).path, 0o755)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    func testAnExclusiveFileIsNeverAnExistingOneOrALink() throws {
        let existing = folder.appendingPathComponent("existing").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: existing))
        XCTAssertThrowsError(try SafeFiles.createExclusive(existing))
        let link = folder.appendingPathComponent("link").path
        XCTAssertEqual(symlink(existing, link), 0)
        XCTAssertThrowsError(try SafeFiles.createExclusive(link))
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "keep")
    }

    func testTemporaryNamesAreRandomAndRecognised() {
        let first = SafeFiles.temporaryPath(beside: "/x/02-generator.md", suffix: ".tutorial-tmp")
        let second = SafeFiles.temporaryPath(beside: "/x/02-generator.md", suffix: ".tutorial-tmp")
        XCTAssertNotEqual(first, second)
        XCTAssert(first.hasPrefix("/x/.02-generator.md."))
        let name = (first as NSString).lastPathComponent
        XCTAssert(SafeFiles.isTemporary(name, of: "02-generator.md", suffix: ".tutorial-tmp"))
        XCTAssertFalse(SafeFiles.isTemporary(".drafts.tutorial-tmp", of: "02-generator.md", suffix: ".tutorial-tmp"))
        XCTAssertFalse(SafeFiles.isTemporary(name, of: "03-model.md", suffix: ".tutorial-tmp"))
        let long = SafeFiles.temporaryPath(beside: String(repeating: "y", count: 255), suffix: ".tutorial-tmp")
        XCTAssertLessThanOrEqual(long.utf8.count, 255)
    }

    func testAReplacedFileKeepsItsModeAndNothingIsLeftBeside() throws {
        let path = folder.appendingPathComponent("chapter.md").path
        try SafeFiles.replaceFile(path, with: Array("one".utf8))
        XCTAssertEqual(chmod(path, 0o604), 0)
        try SafeFiles.replaceFile(path, with: Array("two".utf8))
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o604)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["chapter.md"])
    }

    func testAListingIsCompleteInOrderAndDoesNotFollowLinks() throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        try Data("12345".utf8).write(to: folder.appendingPathComponent("b/c/file"))
        try Data().write(to: folder.appendingPathComponent("a"))
        XCTAssertEqual(symlink("/", folder.appendingPathComponent("z").path), 0)
        let entries = try SafeFiles.listTree(folder.path)
        XCTAssertEqual(entries.map(\.path), ["a", "b", "b/c", "b/c/file", "z"])
        XCTAssertEqual(entries.map(\.kind), [.file, .folder, .folder, .file, .symbolicLink])
        XCTAssertEqual(entries[3].size, 5)
    }

    func testAFolderThatCannotBeListedIsAnErrorNotAnEmptyListing() throws {
        XCTAssertThrowsError(try SafeFiles.listTree(folder.appendingPathComponent("missing").path)) { error in
            XCTAssert("\(error)".contains("cannot list the folder: no such file or directory"), "\(error)")
        }
    }

    /// Two writers of one folder: the second waits (and is told so) until the first lets go.
    func testASecondLockWaitsForTheFirst() throws {
        var first: FolderLock? = try FolderLock(folder.path, waiting: { XCTFail("nobody holds the lock yet") })
        let waited = expectation(description: "the second writer is told it waits")
        let acquired = expectation(description: "the second writer gets the lock once the first lets go")
        let path = folder.path
        Thread.detachNewThread {
            let second = try? FolderLock(path, waiting: { waited.fulfill() })
            XCTAssertNotNil(second)
            acquired.fulfill()
        }
        wait(for: [waited], timeout: 10)
        first = nil
        wait(for: [acquired], timeout: 10)
        XCTAssertNil(first)
    }
}
