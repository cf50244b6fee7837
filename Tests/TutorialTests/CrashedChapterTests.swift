import Foundation
@testable import tutorial
import XCTest

/// A chapter whose code traps is one failed chapter: the others run and
/// report, the summary says what happened, nothing is written, and the exit
/// status is not zero. Each chapter runs in a process of its own
/// (`tutorial kernel`); the test makes chapter 2's process trap.
final class CrashedChapterTests: XCTestCase {
    func testATrapIsOneFailedChapter() throws {
        let bundle = Bundle(for: CrashedChapterTests.self).bundleURL
        let folder = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("crashed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        let process = Process()
        process.executableURL = folder.appendingPathComponent("tutorial")
        process.arguments = [
            "--root", SharedBookRun.root.path, "--site", site.path, "--steps", "1", "--held-out-size", "5",
            "--hidden-size", "2", "--batch-size", "2", "--refresh"
        ]
        process.environment = ProcessInfo.processInfo.environment.merging([Kernel.trapVariable: "2"]) { _, new in new }
        let (output, errors) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (output, errors)
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        XCTAssertNotEqual(process.terminationStatus, 0)
        let lines = printed.split(separator: "\n").map(String.init)
        for number in 1...8 {
            let line = try XCTUnwrap(
                lines.first { $0.hasPrefix("\(number) ") }, "no line for chapter \(number):\n\(printed)")
            XCTAssertEqual(line.contains("failed"), number == 2, line)
        }
        XCTAssert(printed.contains("chapter 2 failed: the chapter's code crashed (signal"), printed)
        XCTAssert(printed.contains("Fatal error: chapter 2 made to trap"), printed)
        XCTAssert(complaint.contains("nothing written"), complaint)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.path))
    }
}
