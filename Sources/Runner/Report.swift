import Notebook

/// The summary `tutorial` prints after running the book: one line per
/// chapter with its status and time, then the problems and diffs.
///
///     0  Introduction        ok
///     1  Parameters          ok              0.00 s
///     4  Loss                output differs  0.41 s
///
/// Times vary from run to run, so they appear only here, never in a
/// recorded output.
public enum Report {
    public static func lines(book: Book, runs: [ChapterRun], checks: [ChapterCheck]) -> [String] {
        let titleWidth = book.chapters.map(\.title.count).max() ?? 0
        let statusWidth = ChapterCheck.Status.outputDiffers.rawValue.count
        var lines: [String] = []
        for chapter in book.chapters {
            let status = Self.status(of: chapter.number, runs: runs, checks: checks)
            var line = "\(chapter.number)  " + padded(chapter.title, titleWidth) + "  " + padded(status, statusWidth)
            if chapter.entryPoint != nil, let run = runs.first(where: { $0.chapterNumber == chapter.number }) {
                line += "  " + Format.fixed(run.seconds, 2) + " s"
            }
            lines.append(line.trimmingTrailingWhitespace)
        }
        for run in runs where !checks.contains(where: { $0.chapterNumber == run.chapterNumber }) {
            if let failure = run.failure { lines.append("chapter \(run.chapterNumber) failed: \(failure)") }
        }
        for check in checks {
            lines += check.problems
            for diff in check.differences { lines += ["", diff] }
        }
        return lines
    }

    /// The check's verdict; for a chapter run without a check (other
    /// hyperparameters than the recorded ones), whether it ran.
    static func status(of number: Int, runs: [ChapterRun], checks: [ChapterCheck]) -> String {
        if let check = checks.first(where: { $0.chapterNumber == number }) { return check.status.rawValue }
        guard let run = runs.first(where: { $0.chapterNumber == number }) else { return "not run" }
        return run.failure == nil ? "ran" : ChapterCheck.Status.failed.rawValue
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
