import Foundation
import Notebook
import Runner

/// A one-line progress bar for training in a terminal:
///
///     [#########...........]  900/2000  loss 0.4123  accuracy 81.25%  1:05 left
///
/// It is redrawn in place with a carriage return on standard error, and only
/// when standard output is a terminal; piped or recorded output never sees
/// it (the training chapter's log lines already say how it goes).
struct ProgressBar {
    /// Characters between the brackets.
    var width = 20

    init(width: Int = 20) {
        self.width = width
    }

    /// The bar for `progress` after `elapsed` seconds, without the carriage return.
    func line(for progress: StepProgress, elapsed: Double) -> String {
        let total = max(progress.totalSteps, 1)
        let fraction = min(max(Double(progress.step) / Double(total), 0), 1)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let steps = String(repeating: " ", count: max(0, String(total).count - String(progress.step).count))
            + "\(progress.step)/\(total)"
        var line = "[\(bar)] \(steps)  loss \(Format.fixed(progress.loss, 4))  accuracy \(Format.percent(progress.accuracy))"
        if progress.step > 0, elapsed > 0 {
            let left = elapsed / Double(progress.step) * Double(total - progress.step)
            line += "  \(Self.clock(left)) left"
        }
        return line
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        let twoDigits = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }
}

/// Draws a `ProgressBar` on standard error, in place, as reports arrive.
final class TerminalProgress {
    private let bar = ProgressBar()
    private var start: ContinuousClock.Instant?
    private var drawn = false

    init() {}

    /// Redraws the bar for `progress`; the first report starts the clock.
    func report(_ progress: StepProgress) {
        let now = ContinuousClock.now
        let start = self.start ?? now
        self.start = start
        let seconds = (now - start).seconds
        // "\r" returns to the line's start, ESC[K clears what a longer line left.
        writeToStandardError("\r" + bar.line(for: progress, elapsed: seconds) + "\u{1B}[K")
        drawn = true
    }

    /// Clears the bar so that what follows starts on a clean line.
    func finish() {
        if drawn { writeToStandardError("\r\u{1B}[K") }
        drawn = false
        start = nil
    }
}
