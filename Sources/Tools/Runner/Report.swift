import Format
import Notebook

/// The summary `tutorial` prints while it runs the book: one line per
/// chapter with its status and time, as each chapter finishes, then the
/// problems and diffs.
///
///     0  Introduction        ok
///     1  Parameters          ok              0.00 s
///     4  Loss                output differs  0.41 s
///
/// Times vary from run to run, so they appear only here, never in a
/// recorded output.
public struct Report {
    /// The longest chapter title, so that the status column lines up.
    let titleWidth: Int

    public init(book: Book) {
        titleWidth = book.chapters.map(\.title.count).max() ?? 0
    }

    /// The chapter's line. Without a check (other hyperparameters than the
    /// recorded ones) the status only says whether the chapter ran.
    public func line(_ chapter: Chapter, run: ChapterRun, check: ChapterCheck?) -> String {
        let status =
            check?.status.rawValue
            ?? (run.failure == nil ? "ran" : ChapterCheck.Status.failed.rawValue)
        let line = "\(chapter.number)  " + Self.padded(chapter.title, titleWidth) + "  "
        guard chapter.entryPoint != nil else { return line + status }
        return line + Self.padded(status, ChapterCheck.Status.outputDiffers.rawValue.count)
            + "  " + (run.isThawed ? "kept (inputs unchanged; --refresh runs it)" : Format.fixed(run.seconds, 2) + " s")
    }

    /// What went wrong, after the chapter lines: problems one per line, then
    /// each diff after an empty line. Empty when every chapter passed.
    public static func details(_ checks: [ChapterCheck]) -> [String] {
        var lines: [String] = []
        for check in checks {
            lines += check.problems
            for diff in check.differences { lines += ["", diff] }
        }
        return lines
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
