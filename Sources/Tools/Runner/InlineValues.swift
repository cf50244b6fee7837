import Foundation
import Markdown
import Notebook

/// Inline references: a value the prose quotes, filled in from the run when
/// the page is rendered, as Quarto's inline expressions are.
///
/// A chapter writes `{{value NAME}}` where its text quotes a number that the
/// run decides, so that the text never goes stale when a reader changes a
/// setting or the code changes what it produces. NAME is one of:
///
/// - a name the book gives a value (`Book.values`): the tutorial names each
///   hyperparameter as its field (`{{value batchSize}}` is `64`) and the
///   recorded benchmark (`{{value bench.training}}`);
/// - `OUTPUT:ROW`, a cell of a table a chapter's code produced: the second
///   cell of the row whose first cell is ROW (`{{value summary:held-out accuracy}}`
///   is `97.64%`). The chapter's own outputs are looked in first, then the
///   other chapters' in order;
/// - `OUTPUT:ROW:COLUMN`, the cell of that row under the column headed
///   COLUMN (`{{value variants:masking off:range}}`).
///
/// A reference inside a fenced or indented code block is left alone, so the
/// syntax can be shown. A name that is not known is an error with the
/// chapter's file and line: a page never shows a reference unfilled.
public struct InlineValues: Preprocessor {
    static let open = "{{value ", close = "}}"

    public init() {}

    public func run(_ markdown: String, of chapter: Chapter, context: PreprocessorContext) throws(BookError) -> String {
        try Self.fill(markdown, of: chapter, values: context.values, runs: context.runs)
    }

    /// `markdown`, the text of `chapter`, with every reference outside code blocks replaced by its value.
    /// Lines stay where they are: a value is never more than one line.
    public static func fill(
        _ markdown: String, of chapter: Chapter, values: [String: String],
        runs: [ChapterRun]
    ) throws(BookError) -> String {
        guard markdown.contains(open) else { return markdown }
        let source = SourceText(markdown)
        let codeLines = Set(
            MarkdownDocument(markdown: markdown).codeBlocks.flatMap {
                $0.startLine...max($0.startLine, $0.endLine)
            })
        var lines = source.lines
        for index in lines.indices where !codeLines.contains(index + 1) && lines[index].contains(open) {
            lines[index] = try fill(lines[index]) { name throws(BookError) in
                guard let value = value(name, values: values, runs: runs, chapterNumber: chapter.number) else {
                    throw BookError(
                        path: chapter.path, line: index + 1,
                        message: "no value named '\(name)' for {{value \(name)}}; "
                            + "the names are the book's (\(examples(values))), and OUTPUT:ROW or OUTPUT:ROW:COLUMN of a table output"
                    )
                }
                return value
            }
        }
        return zip(lines, source.endings).map { $0 + $1 }.joined()
    }

    /// A few of the book's value names, for a message: `batchSize, bench.steps, …`.
    static func examples(_ values: [String: String]) -> String {
        let names = values.keys.sorted()
        return names.isEmpty ? "none" : names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
    }

    /// `line` with each `{{value NAME}}` replaced by `resolve(NAME)`.
    static func fill(_ line: String, _ resolve: (String) throws(BookError) -> String) throws(BookError) -> String {
        var result = "", rest = Substring(line)
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            result += rest[..<start.lowerBound]
            result += try resolve(rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[end.upperBound...]
        }
        return result + rest
    }

    /// The value `name` stands for, or nil.
    static func value(_ name: String, values: [String: String], runs: [ChapterRun], chapterNumber: Int) -> String? {
        if let value = values[name] { return value }
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let output = String(name[..<colon])
        let rest = String(name[name.index(after: colon)...])
        let ordered =
            runs.filter { $0.chapterNumber == chapterNumber } + runs.filter { $0.chapterNumber != chapterNumber }
        for run in ordered {
            guard case .table(let table)? = run.output(named: output) else { continue }
            if let cells = table.rows.first(where: { $0.first == rest }), cells.count >= 2 {
                return cells[1]
            }
            // ROW:COLUMN, the row's cell under that heading.
            if let split = rest.lastIndex(of: ":"),
                let column = table.header.firstIndex(of: String(rest[rest.index(after: split)...])),
                let cells = table.rows.first(where: { $0.first == String(rest[..<split]) }), column < cells.count
            {
                return cells[column]
            }
        }
        return nil
    }
}
