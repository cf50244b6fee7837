import Foundation
import Notebook

/// A one-line progress bar for a chapter's long work in a terminal:
///
///     [#########...........]  900/2000  loss 0.4123  accuracy 81.25%  1:05 left
///
/// The counts and the time left are the bar's; what comes between them is the
/// work's own `detail`.
/// It is redrawn in place with a carriage return on standard error, and only
/// when standard output is a terminal; piped or recorded output never sees
/// it (the training chapter's log lines already say how it goes).
public struct ProgressBar {
    /// Characters between the brackets.
    var width = 20

    public init(width: Int = 20) {
        self.width = width
    }

    /// The bar for `progress` after `elapsed` seconds, without the carriage return.
    public func line(for progress: ProgressReport, elapsed: Double) -> String {
        let total = max(progress.total, 1)
        let fraction = min(max(Double(progress.done) / Double(total), 0), 1)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let count =
            String(repeating: " ", count: max(0, String(total).count - String(progress.done).count))
            + "\(progress.done)/\(total)"
        var line = "[\(bar)] \(count)" + (progress.detail.isEmpty ? "" : "  " + progress.detail)
        if progress.done > 0, elapsed > 0 {
            let left = elapsed / Double(progress.done) * Double(total - progress.done)
            line += "  \(Self.clock(left)) left"
        }
        return line
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        let twoDigits = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }
}

/// Draws a `ProgressBar` on standard error, in place, as reports arrive.
public final class TerminalProgress {
    private let bar = ProgressBar()
    private var start: ContinuousClock.Instant?
    private var drawn = false

    public init() {}

    /// Redraws the bar for `progress`; the first report starts the clock.
    public func report(_ progress: ProgressReport) {
        let now = ContinuousClock.now
        let start = self.start ?? now
        self.start = start
        let seconds = (now - start).seconds
        // "\r" returns to the line's start, ESC[K clears what a longer line left.
        writeToStandardError("\r" + bar.line(for: progress, elapsed: seconds) + "\u{1B}[K")
        drawn = true
    }

    /// Clears the bar so that what follows starts on a clean line.
    public func finish() {
        if drawn { writeToStandardError("\r\u{1B}[K") }
        drawn = false
        start = nil
    }
}
