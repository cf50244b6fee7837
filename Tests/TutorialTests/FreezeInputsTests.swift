import Foundation
import Parameters
@testable import Runner
@testable import tutorial
import XCTest

/// An expensive chapter runs again when the code it uses changes, and only then.
final class FreezeInputsTests: XCTestCase {
    /// The modules' folders and dependencies the freeze follows are the ones Package.swift declares.
    func testTheLibrariesAreThoseOfThePackage() throws {
        // A scratch path of its own: `swift test` holds the package's .build while the tests run.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dump-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["swift", "package", "--package-path", TutorialRun.root.path,
                                     "--scratch-path", scratch.path, "--disable-dependency-cache", "dump-package"])
        guard result.status == 0 else { throw XCTSkip("swift package dump-package failed: \(result.standardError)") }
        let manifest = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let targets = try XCTUnwrap(manifest?["targets"] as? [[String: Any]])
        var declared: [String: (folder: String, dependencies: [String])] = [:]
        for target in targets {
            guard let name = target["name"] as? String, let path = target["path"] as? String else { continue }
            let dependencies = (target["dependencies"] as? [[String: Any]] ?? []).compactMap { dependency in
                (dependency["byName"] ?? dependency["target"]).flatMap { ($0 as? [Any])?.first as? String }
            }
            declared[name] = (path, dependencies.sorted())
        }
        for (name, library) in TutorialBook.libraries {
            let package = try XCTUnwrap(declared[name], "\(name) is not a target of Package.swift")
            XCTAssertEqual(library.folder, package.folder, name)
            XCTAssertEqual(library.dependencies.sorted(), package.dependencies, name)
        }
        // Every module a frozen chapter's module reaches is in the table.
        for module in ["Model", "Analysis"] {
            var pending = [module], seen: Set<String> = []
            while let next = pending.popLast() {
                guard seen.insert(next).inserted else { continue }
                XCTAssertNotNil(TutorialBook.libraries[next], "\(next), used by \(module), is missing from the table")
                pending += declared[next]?.dependencies ?? []
            }
        }
    }

    /// In a scratch copy of the book: the stylesheet, the command line and another chapter's
    /// module leave chapters 3 and 8 frozen; the reference LSTM runs chapter 3 (and 8, which uses it).
    func testOnlyTheCodeAChapterUsesRunsItAgain() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("freeze-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for item in ["chapters", "Sources", "Package.swift"] {
            try FileManager.default.copyItem(at: TutorialRun.root.appendingPathComponent(item),
                                             to: scratch.appendingPathComponent(item))
        }
        func fingerprints() throws -> [Int: String] {
            let book = try TutorialBook.load(scratch, Hyperparameters())
            var result: [Int: String] = [:]
            for number in [3, 8] { result[number] = try Freeze.fingerprint(try XCTUnwrap(book.chapter(number)), root: scratch) }
            return result
        }
        func append(_ text: String, to path: String) throws {
            let file = scratch.appendingPathComponent(path)
            try (try String(contentsOf: file, encoding: .utf8) + text).write(to: file, atomically: true, encoding: .utf8)
        }
        let before = try fingerprints()
        XCTAssertEqual(before.count, 2)
        try append("\n/* a tweak */\n", to: "Sources/Site/Resources/style.css")
        try append("\n// a comment\n", to: "Sources/tutorial/Tutorial.swift")
        try append("\n// a comment\n", to: "Sources/Runner/Check.swift")
        try append("\n// a comment\n", to: "Sources/06-Training/TrainingLoop.swift")
        XCTAssertEqual(try fingerprints(), before, "nothing chapters 3 and 8 use changed")
        try append("\n// a comment\n", to: "Sources/08-Analysis/Run.swift")
        let afterAnalysis = try fingerprints()
        XCTAssertEqual(afterAnalysis[3], before[3], "chapter 3 does not use chapter 8's module")
        XCTAssertNotEqual(afterAnalysis[8], before[8])
        try append("\n// a comment\n", to: "Sources/03-Model/ReferenceLSTM.swift")
        let afterModel = try fingerprints()
        XCTAssertNotEqual(afterModel[3], afterAnalysis[3], "the reference LSTM is chapter 3's")
        XCTAssertNotEqual(afterModel[8], afterAnalysis[8], "and chapter 8 uses the Model module too")
    }
}
