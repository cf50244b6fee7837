@testable import TutorialBook
import Foundation
import XCTest

/// A timing, a speed or a speed ratio in a chapter comes from a recording:
/// `Benchmarks/results.json` or `Benchmarks/hidden-sweep.json` through an
/// inline reference (`{{value bench.training}}`), or a chapter output drawn
/// from one, each naming the machine and the command that measured it. One
/// written into the prose by hand ("took 0.60 s", "6.4×", "twice as slow")
/// goes stale the day the code changes, and nothing could tell.
///
/// What counts: a number with a unit of time or speed (ms, µs, ns, s,
/// seconds…, GFLOP/s, steps/s, sequences/s), a ratio written with × next to
/// a number (`6.4×`, `×2`; not a shape such as `4×16`, `H×4H` or
/// `4 rows × 32 columns`), and
/// "twice as fast", "ten times slower", "a sixth of the step". Not counted:
/// fenced code blocks (code and recorded outputs), inline code, inline math,
/// inline references, and quotations (`>` lines), where a chapter quotes the
/// notebook's or TensorFlow's own figures.
enum ProseTimings {
    static let number = #"\d[\d,]*(?:\.\d+)?"#
    static let units =
        #"(?:ms|µs|us|ns|s|GFLOP/s|MFLOP/s|steps/s|sequences/s|seconds?|milliseconds?|microseconds?|nanoseconds?)"#
    static let patterns: [NSRegularExpression] = [
        // 0.60 s, 20 to 30 µs, 5,957 steps/s, 117.0 GFLOP/s
        #"(?<![\w.])NUM(?:\s?(?:–|-|to)\s?NUM)?\s?UNITS(?![\w/])"#,
        // 6.4×, 20× faster, but not 4×16, 4 × 16 or H×4H
        #"(?<![\w.])NUM\s?×(?!\s?\d|[\p{L}(])"#,
        // ×2, ×1.5, but not B×T×1, ×4H or 4 rows × 32 columns
        #"(?<![\w)])×NUM(?![\d\p{L}×]|\s?×)"#,
        // twice as slow, 3 times as fast, ten times faster
        #"\b(?:twice|thrice|half|NUM\s+times|(?:two|three|four|five|six|ten|a hundred)\s+times)\s+as\s+(?:fast|slow|long|quick)\b"#,
        #"\btimes\s+(?:faster|slower|longer|quicker)\b"#,
        // a sixth of the step, a quarter of each run
        #"\b(?:a|one)\s+(?:half|third|quarter|fifth|sixth|seventh|eighth|tenth)\s+of\s+(?:a|the|each|every)\s+(?:training\s+)?(?:step|run|process|time)\b"#
    ].map { pattern in
        try! NSRegularExpression(
            pattern: pattern.replacingOccurrences(of: "NUM", with: number).replacingOccurrences(
                of: "UNITS", with: units),
            options: [.caseInsensitive])
    }

    /// Each timing written in `markdown`'s prose: its 1-based line and the words that matched.
    static func findings(in markdown: String) -> [(line: Int, text: String)] {
        var found: [(line: Int, text: String)] = []
        var fence: String?
        for (index, rawLine) in markdown.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if line.hasPrefix(open), line.allSatisfy({ $0 == open.first }) { fence = nil }
                continue
            }
            if let marker = ["```", "~~~"].first(where: { line.hasPrefix($0) }) {
                fence = String(line.prefix { $0 == marker.first })
                continue
            }
            if line.hasPrefix(">") || rawLine.hasPrefix("    ") { continue }
            let prose = strip(rawLine)
            let range = NSRange(prose.startIndex..., in: prose)
            for pattern in patterns {
                for match in pattern.matches(in: prose, range: range) {
                    found.append((index + 1, String(prose[Range(match.range, in: prose)!])))
                }
            }
        }
        return found
    }

    /// `line` without inline code, inline math and inline references, each replaced by a space.
    static func strip(_ line: String) -> String {
        var text = line
        for pattern in [#"\{\{value [^}]*\}\}"#, #"\$`[^`]*`\$"#, #"`[^`]*`"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }
}

final class ProseTimingTests: XCTestCase {
    static let chapters = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("chapters")

    func testNoChapterWritesATimingIntoItsProse() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.chapters, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThan(files.count, 5, "expected the chapters in \(Self.chapters.path)")
        for file in files {
            let markdown = try String(contentsOf: file, encoding: .utf8)
            for (line, text) in ProseTimings.findings(in: markdown) {
                XCTFail(
                    "chapters/\(file.lastPathComponent):\(line): '\(text)' is a timing written into the prose; "
                        + "take it from a recording ({{value bench.…}}) or leave it out")
            }
        }
    }

    /// The check fails on timings written by hand, and leaves shapes, code,
    /// outputs, references and quotations alone.
    func testTheCheckFindsTimingsWrittenByHand() {
        let bad = """
            Training 2,000 steps took 0.60 s instead of 0.70 s.
            Making a batch takes 20 to 30 µs, 18 µs on its own.
            The engine runs 5,957 steps/s at 117.0 GFLOP/s, 6.4× the reference.
            A speed-up of ×2 over last week; generic code is twice as slow,
            ten times slower than the engine, and Adam took a sixth of the step.
            """
        let found = ProseTimings.findings(in: bad).map(\.text)
        XCTAssertEqual(found.count, 11, "\(found)")
        for expected in [
            "0.60 s", "0.70 s", "20 to 30 µs", "18 µs", "5,957 steps/s", "117.0 GFLOP/s", "6.4×",
            "×2", "twice as slow", "times slower", "a sixth of the step"
        ] {
            XCTAssertTrue(found.contains(expected), "'\(expected)' not found in \(found)")
        }
        XCTAssertEqual(ProseTimings.findings(in: bad).map(\.line), [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5])

        let good = """
            A tile of 4×16, a 4 × 32 tile, 4 rows × 32 columns, an H×4H matrix, B×T×1 inputs and 20 steps.
            The engine runs {{value bench.training}}; `0.60 s` is code, so is $`3 \\times 2`$.
            > TensorFlow's notebook: 2.1 s per epoch
            ```output timing
            took 0.60 s, 6.4× faster
            ```
                an indented block: 12 ms
            Seeds 3 and 7, 10,000 sequences, 2⁻²³ ≈ 1.2·10⁻⁷ relative, 4 cycles.
            """
        XCTAssertEqual(ProseTimings.findings(in: good).map(\.text), [])
    }
}
