import Foundation
import XCTest

/// Two runs writing into one folder take turns: the later one says it waits, then finishes.
final class TurnTakingTests: XCTestCase {
    func testASaveWaitsForAnotherWriterOfItsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("turns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else {
            throw XCTSkip("needs util-linux's flock to hold the folder from another process")
        }
        // Another process holds the folder for a second and a half (flock(1) takes the same lock as FolderLock).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        let held = folder.appendingPathComponent("held")
        holder.arguments = [folder.path, "sh", "-c", "touch \"$0\" && sleep 1.5", held.path]
        try holder.run()
        // Wait until the holder really has the lock, however busy the machine.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: held.path) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssert(FileManager.default.fileExists(atPath: held.path), "flock never took the folder")
        let path = folder.appendingPathComponent("w.safetensors").path
        let result = try tutorial(["train", "--steps", "2", "--held-out-size", "5", "--save", path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "waiting for another tutorial run that is saving in \(folder.path)\n")
        XCTAssert(FileManager.default.fileExists(atPath: path))
        holder.waitUntilExit()
    }
}
