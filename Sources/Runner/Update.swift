import Foundation
import Notebook

/// Stage 5: `tutorial --update` records what the chapters produce.
///
/// It rewrites the content of every `output` block and nothing else: every
/// byte outside those blocks stays as it was. All chapters are run and
/// checked before anything is written, and each file is replaced atomically,
/// so a failing chapter or an interrupted update never leaves a chapter
/// half-written.
public enum Update {
    /// `chapter`'s Markdown with each output block holding the canonical text
    /// of the output it names in `run`.
    public static func updatedMarkdown(_ chapter: Chapter, run: ChapterRun, root: URL) throws(UpdateRefused) -> String {
        let check = ChapterCheck(chapter, run: run, root: root)
        guard check.problems.isEmpty else { throw UpdateRefused(problems: check.problems) }
        let blocks: [DirectiveBlock]
        do {
            blocks = try chapter.directives()
        } catch {
            throw UpdateRefused(problems: [error.description])  // already reported by the check
        }
        var lines = TextLines(chapter.markdown).lines
        // From the last block to the first, so that earlier line indices stay valid.
        for block in blocks.reversed() {
            guard case .output(let name) = block.directive, let output = run.output(named: name) else { continue }
            let recorded = RecordedText.lines(of: output)
            let fence = fenceLongEnough(for: recorded, current: block.fence)
            if fence != block.fence {
                let opening = block.line - 1
                lines[opening] = fence + lines[opening].dropFirst(block.fence.count)
                lines[block.content.upperBound] = fence
            }
            lines.replaceSubrange(block.content, with: recorded)
        }
        return lines.joined(separator: "\n")
    }

    /// Updates every chapter of `book` from `runs` (one per chapter, made with
    /// the default hyperparameters) and returns the paths of the files that changed.
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
                try Data(markdown.utf8).write(to: chapter.file, options: .atomic)
            } catch {
                throw UpdateRefused(problems: ["\(chapter.path): cannot write the chapter file: \(error.localizedDescription)"])
            }
        }
        return changed.map(\.0.path)
    }

    /// `current`, or a longer run of its character when one of `lines` would
    /// otherwise close the block early.
    static func fenceLongEnough(for lines: [String], current: String) -> String {
        guard let marker = current.first else { return current }
        let longest = lines.map { line -> Int in
            let rest = line.drop { $0 == " " }
            return rest.allSatisfy { $0 == marker } ? rest.count : 0
        }.max() ?? 0
        return longest < current.count ? current : String(repeating: marker, count: longest + 1)
    }
}

/// Why `--update` wrote nothing: the problems, one line each.
public struct UpdateRefused: Error, CustomStringConvertible {
    public var problems: [String]

    public var description: String {
        (["nothing updated:"] + problems).joined(separator: "\n  ")
    }
}
