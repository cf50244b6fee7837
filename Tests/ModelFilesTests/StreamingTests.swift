import Foundation
import ModelFiles
import Safetensors
import TestSupport
import XCTest

/// `predict` reads its input as a stream: it answers each line as it comes,
/// from a pipe, a FIFO or a process substitution, and so do the weights.
final class StreamingTests: XCTestCase {
    /// The first answer comes while the input is still open: nothing waits for the end.
    func testEachLineIsAnsweredBeforeTheNextArrives() throws {
        let pipe = Pipe()
        let firstAnswer = expectation(description: "the first line answered while the input is open")
        let finished = expectation(description: "the input ended")
        let answers = Answers()
        Thread.detachNewThread {
            do {
                try Predictor(weights: Fixtures.kerasWeights).answer(
                    input: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", format: .text
                ) {
                    if answers.append($0) == 1 { firstAnswer.fulfill() }
                }
            } catch {
                XCTFail("\(error)")
            }
            finished.fulfill()
        }
        pipe.fileHandleForWriting.write(Data("1285, 1286, 1287\n".utf8))
        wait(for: [firstAnswer], timeout: 10)
        pipe.fileHandleForWriting.write(Data("1479 5477 704\n".utf8))
        try pipe.fileHandleForWriting.close()
        wait(for: [finished], timeout: 10)
        XCTAssertEqual(
            answers.lines,
            [
                "linear  p(linear)=0.525106  p(random)=0.474894",
                "linear  p(linear)=0.529758  p(random)=0.470242"
            ])
    }

    /// A lone carriage return ends a line, as `\n` and `\r\n` do; a `\r\n`
    /// split across two reads is still one line end.
    func testALoneCarriageReturnEndsALine() throws {
        let input = SequenceInput(maxLength: 20, maxValue: 10_000)
        XCTAssertEqual(try input.parse("1 2 3\r4 5 6\r", source: "mac.txt"), [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try input.parse("1 2\r\n3\n4\r5", source: "mixed.txt"), [[1, 2], [3], [4], [5]])
        XCTAssertThrowsError(try input.parse("1\r\r2", source: "gap.txt")) {
            XCTAssertEqual("\($0)", "gap.txt:2: no values (each line must hold one sequence)")
        }
        let pipe = Pipe()
        let answers = Answers()
        let finished = expectation(description: "the input ended")
        Thread.detachNewThread {
            do {
                try Predictor(weights: Fixtures.kerasWeights).answer(
                    input: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", format: .text
                ) { _ = answers.append($0) }
            } catch {
                XCTFail("\(error)")
            }
            finished.fulfill()
        }
        for chunk in ["1285, 1286, 1287\r", "\n1479 5477 704\r", "6007 6008"] {
            pipe.fileHandleForWriting.write(Data(chunk.utf8))
            Thread.sleep(forTimeInterval: 0.05)
        }
        try pipe.fileHandleForWriting.close()
        wait(for: [finished], timeout: 10)
        XCTAssertEqual(answers.lines.count, 3, "\(answers.lines)")
    }

    /// Weights and input from a FIFO, and from a pipe named as `/dev/fd/N`
    /// (what `<(cmd)` passes), are read like files.
    func testWeightsAndInputFromAFIFOOrAPipe() throws {
        let folder = try temporaryFolder(self)
        let fifo = folder.appendingPathComponent("weights.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.kerasWeights))
        Thread.detachNewThread {
            FileHandle(forWritingAtPath: fifo)?.write(bytes)
        }
        let fromFIFO = try SavedModel(contentsOf: fifo)
        XCTAssertEqual(fromFIFO.file, try SavedModel(contentsOf: Fixtures.kerasWeights).file)

        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("1285, 1286, 1287\n".utf8))
        try pipe.fileHandleForWriting.close()
        let lines = try Predictor.lines(
            weights: Fixtures.kerasWeights,
            input: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", format: .text)
        XCTAssertEqual(lines, ["linear  p(linear)=0.525106  p(random)=0.474894"])
    }

    /// An empty weights file is called empty, not a permission or I/O error.
    func testAnEmptyWeightsFileIsCalledEmpty() throws {
        let path = try writeText("", named: "empty.safetensors", in: temporaryFolder(self))
        XCTAssertThrowsError(try SavedModel(contentsOf: path)) {
            XCTAssertEqual(
                "\($0)",
                "\(path): the file is empty (a safetensors file starts with 8 bytes that give "
                    + "its header length)")
        }
    }

    /// Control characters in a bad value are escaped, and a long one is cut short.
    func testBadValuesAreQuotedSafely() throws {
        let input = SequenceInput(maxLength: 20, maxValue: 10_000)
        XCTAssertThrowsError(try input.parse("1 a\u{1B}[2J\u{0}b", source: "s")) {
            XCTAssertEqual("\($0)", #"s:1: "a\u{1B}[2J\0b" is not a number"#)
        }
        XCTAssertThrowsError(try input.parse("1 " + String(repeating: "x", count: 1_000_000), source: "s")) {
            XCTAssertEqual(
                "\($0)", "s:1: \"\(String(repeating: "x", count: 40))… (1,000,000 characters)\" is not a number")
        }
    }

    /// Memory stays bounded: a line without an end is refused once it passes 1 MiB.
    func testAnEndlessLineIsRefused() throws {
        let path = try writeText(
            String(repeating: "1 ", count: 600_000), named: "endless.txt", in: temporaryFolder(self))
        XCTAssertThrowsError(try Predictor.lines(weights: Fixtures.kerasWeights, input: path, format: .text)) {
            XCTAssertEqual("\($0)", "\(path):1: longer than 1,048,576 bytes; is this a file of sequences?")
        }
    }
}

/// Answers collected from another thread.
private final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    /// Adds `lines` and returns how many there are now.
    func append(_ lines: [String]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        collected += lines
        return collected.count
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
