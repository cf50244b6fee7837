import Format
import Foundation
import Notebook

/// The HTML for what a chapter captured: text, a table, or a plot.
///
/// Every captured string is escaped here; the result is trusted HTML that can
/// go into the document tree as is.
enum OutputHTML {
    static func html(for output: Output) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"output\"><code>\(wrappedHTML(text))</code></pre>"
        case .table(let table):
            return html(for: table)
        case .plot(let plot):
            return "<figure class=\"plot\">\n\(PlotSVG.svg(for: plot))\n\(PlotSVG.dataTable(for: plot))\n</figure>"
        case .heatmap(let heatmap):
            return html(for: heatmap)
        }
    }

    /// The widest line of a text output the page shows as it is; the column holds about this many characters.
    static let textColumns = 88

    /// A text output with every line wider than the column wrapped, for the page only
    /// (the recorded text keeps the whole line).
    ///
    /// A continuation is indented to where the line's values start (after a
    /// `label: ` of at most 24 characters, or the line's own indentation), and a
    /// `↩` marks where a line was broken. A line of numbers is cut into pieces of
    /// the same number of values, each right-aligned to the widest value, so
    /// that the rows of a matrix (the padded batch) wrap at the same column and
    /// stay aligned; any other line is broken at the last space that fits.
    static func wrappedHTML(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wide = lines.filter { $0.count > textColumns }.map(valueLine)
        // One value width and one indent for all the wide number lines of the block.
        let numeric = wide.compactMap { $0 }
        let valueWidth = numeric.flatMap(\.values).map(\.count).max() ?? 0
        let indent = numeric.map(\.label.count).max() ?? 0
        return lines.map { line -> String in
            guard line.count > textColumns else { return escapeHTML(line) }
            let pieces: [String]
            if let row = valueLine(line), indent + valueWidth + 1 <= textColumns {
                // As many values as fit, then the same number in every piece (20 values: 7, 7, 6, not 9, 9, 2).
                let fit = max(1, (textColumns - indent + 1) / (valueWidth + 1))
                let count = (row.values.count + fit - 1) / fit
                let perPiece = (row.values.count + count - 1) / count
                let padded = row.values.map { String(repeating: " ", count: valueWidth - $0.count) + $0 }
                pieces = stride(from: 0, to: padded.count, by: perPiece).map { start in
                    let label = start == 0 ? row.label : ""
                    return label + String(repeating: " ", count: indent - label.count)
                        + padded[start..<min(start + perPiece, padded.count)].joined(separator: " ")
                }
            } else {
                pieces = wrap(line, width: textColumns)
            }
            return pieces.map(escapeHTML).joined(
                separator: "<span class=\"wrap-mark\" aria-hidden=\"true\"> ↩</span>\n")
        }.joined(separator: "\n")
    }

    /// `line` in pieces of at most `width` characters, broken at spaces, continuations indented.
    static func wrap(_ line: String, width: Int) -> [String] {
        let characters = Array(line)
        var indent = characters.prefix { $0 == " " }.count
        if let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) < 24 {
            var start = line.distance(from: line.startIndex, to: colon) + 1
            while start < characters.count, characters[start] == " " { start += 1 }
            indent = start
        }
        if indent > width / 2 { indent = 0 }
        let pad = String(repeating: " ", count: indent)
        var pieces: [String] = []
        var current: String?
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            let lead = pieces.isEmpty ? "" : pad
            guard let sofar = current else { current = String(word); continue }
            if (lead + sofar + " " + word).count > width, !sofar.trimmingCharacters(in: .whitespaces).isEmpty {
                pieces.append(lead + sofar)
                current = String(word)
            } else {
                current = sofar + " " + word
            }
        }
        pieces.append((pieces.isEmpty ? "" : pad) + (current ?? ""))
        return pieces
    }

    /// A line that is a label (up to its first `: `, at most 24 characters) and then only numbers, split so.
    static func valueLine(_ line: String) -> (label: String, values: [String])? {
        guard let colon = line.range(of: ": "), line.distance(from: line.startIndex, to: colon.lowerBound) < 24 else {
            return nil
        }
        let values = line[colon.upperBound...].split(separator: " ").map(String.init)
        guard !values.isEmpty, values.allSatisfy({ Double($0) != nil }) else { return nil }
        return (String(line[..<colon.upperBound]), values)
    }

    /// The heatmap drawn, and under it (folded away) the numbers it was drawn from.
    static func html(for heatmap: Heatmap) -> String {
        let header = [heatmap.yLabel.isEmpty ? "" : heatmap.yLabel] + heatmap.columnLabels
        let rows = zip(heatmap.rowLabels, heatmap.values).map { label, values in
            [label] + values.map { HeatmapSVG.cellText($0, heatmap.decimals) }
        }
        return "<figure class=\"heatmap\">\n<div class=\"heatmap-frame\">\(HeatmapSVG.svg(for: heatmap))</div>\n"
            + "<details><summary>The numbers</summary>\n\(html(for: Table(header: header, rows: rows)))\n</details>\n"
            + "</figure>"
    }

    /// Swift source, highlighted, in the same frame as code blocks written in the chapter.
    static func html(forSwift source: String) -> String {
        "<pre class=\"code\"><code class=\"language-swift\">\(SwiftHighlighter.html(for: source))</code></pre>"
    }

    /// Code cut from the book's sources, highlighted, under a caption that says where it comes from;
    /// with `link`, the caption links to the file online.
    static func html(forIncluded code: IncludedCode, link: String? = nil) -> String {
        let lines =
            code.lines.count == 1
            ? "line \(code.lines.lowerBound)"
            : "lines \(code.lines.lowerBound)–\(code.lines.upperBound)"
        var caption = "<code>\(escapeHTML(code.file))</code>, \(lines)"
        if let link { caption = "<a class=\"source-link\" href=\"\(escapeHTML(link))\">\(caption)</a>" }
        return "<figure class=\"listing\">\n<figcaption>\(caption)</figcaption>\n"
            + html(forSwift: code.code) + "\n</figure>"
    }

    /// A notebook cell, highlighted by the small Python scanner.
    static func html(forPython source: String) -> String {
        "<pre class=\"code\"><code class=\"language-python\">\(PythonHighlighter.html(for: source))</code></pre>"
    }

    /// A table in a scrolling frame, so that a wide one does not widen the page on a phone.
    ///
    /// Cells that read as numbers are right-aligned, so that digits line up.
    static func html(for table: Table) -> String {
        let numeric = table.header.indices.map { column in Format.isNumericColumn(table.rows.map { $0[column] }) }
        var out = "<div class=\"table-frame\"><table class=\"output\">\n<thead><tr>"
        for (column, title) in table.header.enumerated() {
            out += cell("th", title, numeric: numeric[column])
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (column, value) in row.enumerated() {
                out += cell("td", value, numeric: numeric[column])
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>"
    }

    private static func cell(_ tag: String, _ text: String, numeric: Bool) -> String {
        let attribute = numeric ? " class=\"number\"" : ""
        return "<\(tag)\(attribute)>\(escapeHTML(text))</\(tag)>"
    }
}
