import Foundation
import XCTest

/// The built `tutorial` is one file: copied to a folder of its own, away from
/// the build's other products, it still renders a whole site.
final class CopiedBinaryTests: XCTestCase {
    func testACopiedExecutableRendersTheSite() throws {
        let bundle = Bundle(for: CopiedBinaryTests.self).bundleURL
        let built = (bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle)
            .appendingPathComponent("tutorial")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copied-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("tutorial")
        try FileManager.default.copyItem(at: built, to: copy)
        let site = folder.appendingPathComponent("site")
        let result = try runProcess(
            copy,
            [
                "--root", SharedBookRun.root.path, "--site", site.path, "--steps", "0",
                "--held-out-size", "1", "--hidden-size", "1", "--batch-size", "1"
            ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["site", "tutorial"])
        for name in ["index.html", "style.css", "page.js", "lstm.js", "model-panel.js"] {
            XCTAssert(FileManager.default.fileExists(atPath: site.appendingPathComponent(name).path), name)
        }
    }
}
