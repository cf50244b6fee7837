import Foundation
@testable import Safetensors
import TestSupport
import XCTest

final class SafetensorsRoundTripTests: XCTestCase {
    let sample = SafetensorsFile(
        tensors: [
            Tensor(name: "lstm/kernel", shape: [1, 3], values: [0.5, -1.25, .pi]),
            Tensor(name: "dense/bias", shape: [2], values: [.greatestFiniteMagnitude, -.leastNonzeroMagnitude]),
            Tensor(name: "empty", shape: [0, 4], values: []),
            Tensor(name: "scalar", shape: [], values: [-0.0])
        ],
        metadata: ["format": "test", "units": "3"])

    func testWriteThenReadGivesTheSameTensorsBitForBit() throws {
        let path = try temporaryFolder(self).appendingPathComponent("sample.safetensors").path
        try sample.write(to: path)
        let read = try SafetensorsFile(contentsOf: path)
        XCTAssertEqual(read.metadata, sample.metadata)
        XCTAssertEqual(read.tensors.map(\.name), sample.tensors.map(\.name), "tensors come back in layout order")
        for (original, back) in zip(sample.tensors, read.tensors) {
            XCTAssertEqual(back.shape, original.shape, back.name)
            XCTAssertEqual(back.values.map(\.bitPattern), original.values.map(\.bitPattern), back.name)
        }
    }

    func testNaNAndInfinityValuesSurviveTheRoundTrip() throws {
        let special = SafetensorsFile(tensors: [Tensor(name: "x", shape: [3], values: [.nan, .infinity, -.infinity])])
        let back = try SafetensorsFile(decoding: special.encoded(path: "x"), path: "x")
        XCTAssertEqual(back.tensors[0].values.map(\.bitPattern), special.tensors[0].values.map(\.bitPattern))
    }

    func testEncodingIsDeterministicAlignedAndInTheGivenOrder() throws {
        let bytes = try sample.encoded(path: "sample")
        XCTAssertEqual(bytes, try sample.encoded(path: "sample"))
        let headerLength = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        XCTAssertEqual(headerLength % 8, 0, "the header is padded to a multiple of 8 bytes")
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertEqual(
            header.trimmingCharacters(in: .whitespaces),
            #"{"__metadata__":{"format":"test","units":"3"},"#
                + #""dense/bias":{"data_offsets":[12,20],"dtype":"F32","shape":[2]},"#
                + #""empty":{"data_offsets":[20,20],"dtype":"F32","shape":[0,4]},"#
                + #""lstm/kernel":{"data_offsets":[0,12],"dtype":"F32","shape":[1,3]},"#
                + #""scalar":{"data_offsets":[20,24],"dtype":"F32","shape":[]}}"#)
        XCTAssertEqual(bytes.count, 8 + headerLength + 24)
        XCTAssertEqual(
            Array(bytes[(8 + headerLength)..<(8 + headerLength + 4)]), [0, 0, 0, 0x3F],
            "0.5 little-endian opens the data section")
    }

    func testWriteReplacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("weights.safetensors").path
        try Data("old contents".utf8).write(to: URL(fileURLWithPath: path))
        try sample.write(to: path)
        XCTAssertEqual(try SafetensorsFile(contentsOf: path), sample)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["weights.safetensors"])
    }

    func testWriteIntoAMissingFolderFailsAndLeavesNothing() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("no/such/folder/w.safetensors").path
        XCTAssertThrowsError(try sample.write(to: path)) { error in
            XCTAssertEqual(
                error as? SafetensorsError,
                .writeFailed(path: path, reason: "there is no folder \(folder.path)/no/such/folder"),
                "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testWriteOverAFolderFailsAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("taken").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        XCTAssertThrowsError(try sample.write(to: path)) { error in
            XCTAssertEqual(error as? SafetensorsError, .writeFailed(path: path, reason: "it is a folder"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["taken"])
    }

    func testTheWriterRefusesTensorsItCannotStore() {
        let cases: [(SafetensorsFile, SafetensorsError)] = [
            (
                SafetensorsFile(tensors: [Tensor(name: "a", shape: [2, 2], values: [1, 2, 3])]),
                .invalidTensor(path: "w", tensor: "a", reason: "shape [2, 2] holds 4 values, not 3")
            ),
            (
                SafetensorsFile(tensors: [
                    Tensor(name: "a", shape: [1], values: [1]),
                    Tensor(name: "a", shape: [1], values: [2])
                ]),
                .invalidTensor(path: "w", tensor: "a", reason: "a second tensor has this name")
            ),
            (
                SafetensorsFile(tensors: [Tensor(name: "__metadata__", shape: [1], values: [1])]),
                .invalidTensor(path: "w", tensor: "__metadata__", reason: "the name is reserved for metadata")
            ),
            (
                SafetensorsFile(tensors: [Tensor(name: "a", shape: [-1], values: [])]),
                .invalidTensor(path: "w", tensor: "a", reason: "shape [-1] is invalid")
            )
        ]
        for (file, expected) in cases {
            XCTAssertThrowsError(try file.encoded(path: "w")) { error in
                XCTAssertEqual(error as? SafetensorsError, expected, "\(error)")
            }
        }
    }

    /// Names planted beside the target (a link to a reader's file, a FIFO, at the
    /// names an older save used) are never followed, truncated or waited on.
    func testNothingPlantedBesideTheTargetIsFollowed() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("weights.safetensors").path
        let victim = folder.appendingPathComponent("thesis.txt").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        for name in [".weights.safetensors.tutorial-tmp", ".tutorial-0123456789abcdef.tmp"] {
            XCTAssertEqual(symlink(victim, folder.appendingPathComponent(name).path), 0)
        }
        XCTAssertEqual(mkfifo(folder.appendingPathComponent(".weights.safetensors.fifo.tutorial-tmp").path, 0o600), 0)
        try sample.write(to: path)
        XCTAssertEqual(try SafetensorsFile(contentsOf: path), sample)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious")
    }

    /// A long target name still gets a temporary (a file name has at most 255 bytes).
    func testATargetOf255BytesIsSaved() throws {
        let long = try temporaryFolder(self).appendingPathComponent(String(repeating: "x", count: 255)).path
        XCTAssertNoThrow(try sample.write(to: long))
        XCTAssertEqual(try SafetensorsFile(contentsOf: long), sample)
    }

    /// A replaced file keeps its permissions; a symbolic link is refused, not replaced by a file.
    func testAReplacedFileKeepsItsModeAndALinkIsRefused() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("w.safetensors").path
        try sample.write(to: path)
        XCTAssertEqual(chmod(path, 0o640), 0)
        try sample.write(to: path)
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o640)
        let link = folder.appendingPathComponent("link.safetensors").path
        XCTAssertEqual(symlink(path, link), 0)
        XCTAssertThrowsError(try sample.write(to: link)) { error in
            XCTAssert("\(error)".contains("symbolic link"), "\(error)")
        }
        XCTAssertEqual(lstat(link, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK)
    }

    /// Readers are bounded: an endless stream stops at the limit, a large regular file is refused before it is read.
    func testAnEndlessOrHugeInputIsRefusedWithinTheLimit() throws {
        XCTAssertThrowsError(try SafetensorsFile(contentsOf: "/dev/zero")) { error in
            XCTAssertEqual("\(error)", "/dev/zero: cannot be read (larger than 64 MiB, too large for a weights file)")
        }
        let huge = try temporaryFolder(self).appendingPathComponent("huge.safetensors").path
        XCTAssert(FileManager.default.createFile(atPath: huge, contents: nil))
        XCTAssertEqual(truncate(huge, 1 << 40), 0)  // a sparse terabyte: reading it would take hours
        let start = Date()
        XCTAssertThrowsError(try SafetensorsFile(contentsOf: huge)) { error in
            XCTAssert(
                "\(error)".hasSuffix("cannot be read (larger than 64 MiB, too large for a weights file)"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    /// A header larger than any weights file needs is refused before it is parsed.
    func testAHugeHeaderIsRefusedBeforeParsing() throws {
        let length = SafetensorsFile.maxHeaderByteCount + 1
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: length)
        XCTAssertThrowsError(try SafetensorsFile(decoding: bytes, path: "big.safetensors")) { error in
            XCTAssertEqual(
                "\(error)",
                "big.safetensors: a header of \(length) bytes, more than the 1 MiB a weights file's "
                    + "metadata may take")
        }
    }
}
