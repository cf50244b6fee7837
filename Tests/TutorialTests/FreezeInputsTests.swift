@testable import TutorialBook
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
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "swift", "package", "--package-path", SharedBookRun.root.path,
                "--scratch-path", scratch.path, "--disable-dependency-cache", "dump-package"
            ])
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
        for (name, library) in BookContents.libraries {
            let package = try XCTUnwrap(declared[name], "\(name) is not a target of Package.swift")
            XCTAssertEqual(library.folder, package.folder, name)
            XCTAssertEqual(library.dependencies.sorted(), package.dependencies, name)
        }
        // Every module a frozen chapter's module reaches is in the table.
        for module in ["Model", "Analysis"] {
            var pending = [module], seen: Set<String> = []
            while let next = pending.popLast() {
                guard seen.insert(next).inserted else { continue }
                XCTAssertNotNil(BookContents.libraries[next], "\(next), used by \(module), is missing from the table")
                pending += declared[next]?.dependencies ?? []
            }
        }
    }

    /// In a scratch copy of the book: the stylesheet, the command line, the runner, another chapter's
    /// cells, the manifest outside its numeric settings and a chapter's prose leave chapters 3 and 8 frozen;
    /// the code each one uses runs it again.
    func testOnlyTheCodeAChapterUsesRunsItAgain() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("freeze-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for item in ["chapters", "Sources", "Package.swift"] {
            try FileManager.default.copyItem(
                at: SharedBookRun.root.appendingPathComponent(item),
                to: scratch.appendingPathComponent(item))
        }
        func fingerprints() throws -> [Int: String] {
            let book = try BookContents.load(scratch, Hyperparameters())
            var result: [Int: String] = [:]
            for number in [3, 8] {
                result[number] = try Freeze.fingerprint(try XCTUnwrap(book.chapter(number)), root: scratch)
            }
            return result
        }
        func append(_ text: String, to path: String) throws {
            let file = scratch.appendingPathComponent(path)
            try (try String(contentsOf: file, encoding: .utf8) + text).write(
                to: file, atomically: true, encoding: .utf8)
        }
        func replace(_ old: String, with new: String, in path: String) throws {
            let file = scratch.appendingPathComponent(path)
            let text = try String(contentsOf: file, encoding: .utf8)
            XCTAssert(text.contains(old), "\(path) has no '\(old)'")
            try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
        }
        var last = try fingerprints()
        XCTAssertEqual(last.count, 2)
        /// Which of chapters 3 and 8 the last change runs again.
        func rerun() throws -> [Int] {
            let now = try fingerprints()
            defer { last = now }
            return [3, 8].filter { now[$0] != last[$0] }
        }
        try append("\n/* a tweak */\n", to: "Sources/Tools/Site/Resources/style.css")
        try append("\n// a comment\n", to: "Sources/Tools/tutorial/Tutorial.swift")
        try append("\n// a comment\n", to: "Sources/Tools/Runner/Check.swift")
        try append("\n// a comment\n", to: "Sources/Book/Chapters/06-Training.swift")
        try append("\n// a comment\n", to: "Sources/Book/BookContents.swift")
        try append("\n// a comment\n", to: "Package.swift")
        try replace("## ", with: "## A ", in: "chapters/03-model.md")
        XCTAssertEqual(try rerun(), [], "nothing chapters 3 and 8 use changed")
        try append("\n// a comment\n", to: "Sources/Library/08-Analysis/Probes.swift")
        XCTAssertEqual(try rerun(), [8], "chapter 3 does not use chapter 8's module")
        try append("\n// a comment\n", to: "Sources/Book/Chapters/08-InsideTheModel.swift")
        XCTAssertEqual(try rerun(), [8], "chapter 8's cells")
        try append("\n// a comment\n", to: "Sources/Library/06-Training/TrainingLoop.swift")
        XCTAssertEqual(try rerun(), [8], "chapter 8 trains; chapter 3 does not")
        try append("\n// a comment\n", to: "Sources/Library/03-Model/ReferenceLSTM.swift")
        XCTAssertEqual(
            try rerun(), [3, 8], "the reference LSTM is chapter 3's, and chapter 8 uses the Model module too")
        try append("\n// a comment\n", to: "Sources/Library/NumericCore/Kernels.swift")
        XCTAssertEqual(try rerun(), [3, 8], "the kernels are under both")
        try replace(#"var flags = ["-O""#, with: #"var flags = ["-Ounchecked""#, in: "Package.swift")
        XCTAssertEqual(try rerun(), [3, 8], "the compiler settings that change numbers")
    }
}
