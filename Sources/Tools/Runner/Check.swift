import Foundation
import Notebook

/// Stage 4, check: how a chapter's recorded outputs compare with what its code produced.
///
/// Two kinds of finding. **Problems** mean the book and its code do not fit
/// together, whatever the hyperparameters: the chapter failed, an output
/// block names an output the chapter did not produce, or an output is never
/// shown. **Differences** mean the code produced other outputs than the
/// recorded ones (canonical text, `RecordedText`); they are looked for only
/// in a run with the hyperparameters the outputs were recorded with.
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

    /// Checks `chapter` against `run`; compares the recorded text only when `compareRecorded`.
    public init(_ chapter: Chapter, run: ChapterRun, compareRecorded: Bool = true) {
        chapterNumber = chapter.number
        if let failure = run.failure {
            problems.append("\(chapter.path): chapter \(chapter.number) failed: \(failure)")
            return
        }
        var shown: Set<String> = []
        for block in chapter.blocks {
            guard case .output(let name) = block.directive else { continue }
            shown.insert(name)
            guard let output = run.output(named: name) else {
                let produced = run.outputs.map { "'\($0.name)'" }.joined(separator: ", ")
                problems.append(
                    "\(chapter.path):\(block.line): chapter \(chapter.number) produced no output named '\(name)'"
                        + (produced.isEmpty ? "" : " (it produced \(produced))"))
                continue
            }
            guard compareRecorded else { continue }
            let recorded = block.content.map { chapter.source.lines[$0] }
            let diff = LineDiff.unified(
                recorded, RecordedText.lines(of: output),
                oldLabel: "\(chapter.path):\(block.line) output '\(name)' (recorded)",
                newLabel: "chapter \(chapter.number) output '\(name)' (produced now)")
            if !diff.isEmpty { differences.append(diff) }
        }
        for output in run.outputs where !shown.contains(output.name) {
            problems.append(
                "\(chapter.path): chapter \(chapter.number) produced output '\(output.name)' "
                    + "but never shows it (add a ```output \(output.name) block)")
        }
    }
}
