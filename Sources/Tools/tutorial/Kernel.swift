import ArgumentParser
import Foundation
import Runner
import TutorialBook

/// `tutorial kernel --chapter N [settings]`, not shown in the help: runs one
/// chapter and writes what it produced to standard output, one JSON object a
/// line, for `run` to collect (`ChapterProcess`, in the runner).
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one chapter and write its outputs as JSON lines (used by run).", shouldDisplay: false)

    /// Set to a chapter's number, makes that chapter trap: how a test shows that a crash is one failed chapter.
    static let trapVariable = "TUTORIAL_TEST_TRAP_IN_CHAPTER"

    @Option(help: "The chapter to run.")
    var chapter: Int

    @Option(help: "The folder that holds chapters/.")
    var root: String

    @OptionGroup var options: HyperparameterOptions

    func run() throws {
        let book = try BookContents.load(URL(fileURLWithPath: root), options.hyperparameters)
        guard let chapter = book.chapter(chapter) else {
            throw ValidationError("there is no chapter \(self.chapter)")
        }
        if ProcessInfo.processInfo.environment[Self.trapVariable] == "\(chapter.number)" {
            fatalError("chapter \(chapter.number) made to trap by \(Self.trapVariable)")
        }
        ChapterProcess.serve(chapter)
    }

    /// The arguments that run `chapter` of the book at `root` in a kernel, with `settings` (the
    /// hyperparameter options as typed).
    static func arguments(_ chapter: Chapter, root: URL, settings: [String]) -> [String] {
        ["kernel", "--chapter", "\(chapter.number)", "--root", root.path] + settings
    }
}
