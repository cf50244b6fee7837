import Foundation
import SafeFiles
import Notebook

/// Stage 5, update: `tutorial --update` records what the chapters produce.
///
/// It rewrites the content of every `output` block and nothing else: every
/// byte outside those blocks stays as it was, which is checked by reading the
/// new text again before anything is written. All chapters are run and
/// checked first, and each file is replaced by renaming a finished copy over
/// it, so a failing chapter or a killed update never leaves a chapter
/// half-written; the copy a kill leaves behind (`.NAME.md.RANDOM.tutorial-tmp`,
/// a regular file of exactly that form) is removed by the next run.
public enum Update {
    /// How the temporary copy of a chapter being replaced ends.
    static let temporarySuffix = ".tutorial-tmp"

    /// `chapter`'s text with each output block holding the canonical text of the output it names in `run`.
    public static func updatedMarkdown(_ chapter: Chapter, run: ChapterRun, root: URL) throws(UpdateRefused) -> String {
        let check = ChapterCheck(chapter, run: run, compareRecorded: false)
        guard check.problems.isEmpty else { throw UpdateRefused(problems: check.problems) }
        var source = chapter.source
        // From the last block to the first, so that earlier line indices stay valid.
        for block in chapter.blocks.reversed() {
            guard case .output(let name) = block.directive, let output = run.output(named: name) else { continue }
            let recorded = RecordedText.lines(of: output)
            let fence = fenceLongEnough(for: recorded, current: block.fence)
            if fence != block.fence {
                let opening = block.line - 1
                source.lines[opening] = fence + source.lines[opening].dropFirst(block.fence.count)
                source.lines[block.content.upperBound] = fence
            }
            source.replace(block.content, with: recorded)
        }
        let markdown = source.text
        try checkOnlyOutputsChanged(chapter, markdown, root: root)
        return markdown
    }

    /// Refuses an update that would change anything but the output blocks,
    /// for instance when new text would be read as something else than the
    /// content of its block.
    static func checkOnlyOutputsChanged(_ chapter: Chapter, _ markdown: String, root: URL) throws(UpdateRefused) {
        let refusal = UpdateRefused(problems: [
            "\(chapter.path): recording the outputs would change more than its "
                + "output blocks; nothing written"
        ])
        let entry = ChapterEntry(number: chapter.number, slug: chapter.slug, entryPoint: nil)
        guard let updated = try? Chapter(entry, markdown: markdown, file: chapter.file, root: root),
            updated.blocks.map(\.directive) == chapter.blocks.map(\.directive)
        else { throw refusal }
        func outside(_ chapter: Chapter) -> [String] {
            var lines = zip(chapter.source.lines, chapter.source.endings).map { $0 + $1 }
            for block in chapter.blocks.reversed() where block.directive.isOutput {
                lines.removeSubrange((block.line - 1)...block.content.upperBound)
            }
            return lines
        }
        guard outside(updated) == outside(chapter) else { throw refusal }
    }

    /// Updates every chapter of `book` from `runs` (one per chapter, made with
    /// the recorded hyperparameters) and returns the paths of the files that changed.
    public static func write(_ book: Book, runs: [ChapterRun]) throws(UpdateRefused) -> [String] {
        var problems: [String] = []
        var changed: [(Chapter, String)] = []
        for chapter in book.chapters {
            guard let run = runs.first(where: { $0.chapterNumber == chapter.number }) else {
                problems.append("\(chapter.path): chapter \(chapter.number) was not run")
                continue
            }
            do {
                let markdown = try updatedMarkdown(chapter, run: run, root: book.root)
                if markdown != chapter.markdown { changed.append((chapter, markdown)) }
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw UpdateRefused(problems: problems) }
        for (chapter, markdown) in changed {
            do {
                // A finished copy beside the chapter, renamed over it: a reader never sees half a chapter.
                try SafeFiles.replaceFile(
                    chapter.file.path, with: Data(markdown.utf8), temporarySuffix: temporarySuffix)
            } catch {
                throw UpdateRefused(problems: ["\(chapter.path): cannot write the chapter file: \(error.reason)"])
            }
        }
        return changed.map(\.0.path)
    }

    /// `current`, or a longer run of its character when one of `lines` would
    /// otherwise close the block early.
    static func fenceLongEnough(for lines: [String], current: String) -> String {
        guard let marker = current.first else { return current }
        let longest =
            lines.map { line -> Int in
                let rest = line.drop { $0 == " " }.trimmingTrailingWhitespace
                return rest.allSatisfy { $0 == marker } ? rest.count : 0
            }.max() ?? 0
        return longest < current.count ? current : String(repeating: marker, count: longest + 1)
    }
}

extension Directive {
    var isOutput: Bool { if case .output = self { true } else { false } }
}

/// Why `--update` wrote nothing: the problems, one line each.
public struct UpdateRefused: Error, CustomStringConvertible {
    public var problems: [String]

    public var description: String {
        (["nothing updated:"] + problems).joined(separator: "\n  ")
    }
}
