import Foundation
import Notebook

/// Stage 3, run: one chapter's entry point, run on a fresh notebook.
///
/// Entry points are self-contained (each regenerates from the seed whatever
/// earlier chapters made), so a chapter runs the same alone as after the
/// others, and running the book is running its chapters one after another.
public struct ChapterRun {
    public var chapterNumber: Int
    /// What the chapter showed, in the order it showed it; empty for a chapter without code.
    public var outputs: [NamedOutput]
    /// The files it attached for the site (the training chapter's weights).
    public var attachments: [Attachment]
    /// Wall-clock time of the entry point. Reported, never recorded.
    public var seconds: Double
    /// The error the entry point threw, in one line, if it failed.
    public var failure: String?
    /// Whether the outputs are an expensive chapter's kept ones (see `Freeze`) rather than made now.
    public var isThawed = false

    /// Runs `chapter`, handing progress reports (from training) to `progress`.
    /// An error thrown by the entry point is caught and kept in `failure`, so
    /// that the other chapters still run.
    public init(_ chapter: Chapter, progress: ((ProgressReport) -> Void)? = nil) {
        chapterNumber = chapter.number
        let notebook = Notebook(progress: progress)
        let start = ContinuousClock.now
        do {
            try chapter.entryPoint?(notebook)
        } catch {
            failure = "\(error)"
        }
        seconds = (ContinuousClock.now - start).seconds
        outputs = notebook.outputs
        attachments = notebook.attachments
    }

    /// A run with nothing in it yet, for a runner that collects a chapter's outputs itself
    /// (from a process of its own).
    public init(chapterNumber: Int) {
        self.chapterNumber = chapterNumber
        outputs = []
        attachments = []
        seconds = 0
    }

    /// A run that did not run: `chapter`'s kept `outputs` (a kept chapter has no attachments).
    public init(thawing chapter: Chapter, outputs: [NamedOutput]) {
        chapterNumber = chapter.number
        self.outputs = outputs
        attachments = []
        seconds = 0
        isThawed = true
    }

    /// The output named `name`, if the chapter produced one.
    public func output(named name: String) -> Output? {
        outputs.first { $0.name == name }?.output
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` for printing.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
