import Foundation
import Notebook

/// Stage 4: how a chapter's Markdown compares with what its code produced.
///
/// A chapter passes when every include resolves, every `output` block names
/// an output the chapter produced and records exactly its canonical text
/// (`RecordedText`), and every output the chapter produced is shown somewhere.
public struct ChapterCheck {
    public enum Status: String, Equatable {
        case ok
        case outputDiffers = "output differs"
        case failed
    }

    public var chapterNumber: Int
    /// Errors that make the chapter fail, one line each, naming file and line.
    public var problems: [String] = []
    /// One readable unified diff per output whose recorded text differs.
    public var differences: [String] = []

    public var status: Status {
        if !problems.isEmpty { return .failed }
        return differences.isEmpty ? .ok : .outputDiffers
    }

    /// Checks `chapter`'s Markdown against `run`, the chapter's run with the
    /// default hyperparameters (the ones its outputs were recorded with).
    public init(_ chapter: Chapter, run: ChapterRun, root: URL) {
        chapterNumber = chapter.number
        if let failure = run.failure {
            problems.append("\(chapter.path): chapter \(chapter.number) failed: \(failure)")
            return
        }
        let blocks: [DirectiveBlock]
        do {
            blocks = try chapter.directives()
        } catch {
            problems.append(error.description)
            return
        }
        let lines = TextLines(chapter.markdown).lines
        var shownAt: [String: Int] = [:]
        for block in blocks {
            switch block.directive {
            case .include(let path, let anchor):
                do {
                    _ = try chapter.includedCode(path: path, anchor: anchor, root: root)
                } catch {
                    problems.append("\(error) (included from \(chapter.path):\(block.line))")
                }
            case .output(let name):
                if let first = shownAt[name] {
                    problems.append("\(chapter.path):\(block.line): output '\(name)' is already shown at line \(first)")
                    continue
                }
                shownAt[name] = block.line
                guard let output = run.output(named: name) else {
                    let produced = run.outputs.map { "'\($0.name)'" }.joined(separator: ", ")
                    problems.append("\(chapter.path):\(block.line): chapter \(chapter.number) produced no output named '\(name)'"
                                    + (produced.isEmpty ? "" : " (it produced \(produced))"))
                    continue
                }
                let recorded = block.content.map { lines[$0] }
                let diff = LineDiff.unified(
                    recorded, RecordedText.lines(of: output),
                    oldLabel: "\(chapter.path):\(block.line) output '\(name)' (recorded)",
                    newLabel: "chapter \(chapter.number) output '\(name)' (produced now)")
                if !diff.isEmpty { differences.append(diff) }
            }
        }
        for output in run.outputs where shownAt[output.name] == nil {
            problems.append("\(chapter.path): chapter \(chapter.number) produced output '\(output.name)' "
                            + "but never shows it (add a ```output \(output.name) block)")
        }
    }
}
