/// Pipe tables (`| a | b |` rows under a `| --- | :-: |` delimiter row), which cmark without its
/// table extension reads as one paragraph, turned into an HTML table.
///
/// It works on the HTML cmark renders for the paragraph, so a cell's inline
/// Markdown (code, emphasis, links, typeset math) is already HTML; cells are
/// split at pipes outside `<code>` and outside tags. A pipe inside a cell is
/// written in a code span.
enum PipeTable {
    enum Alignment: Equatable { case none, left, center, right }

    /// The table for a paragraph's HTML (`<p>…</p>`), or nil when the paragraph is not a pipe table.
    static func html(fromParagraphHTML paragraph: String) -> String? {
        var text = Substring(paragraph.trimmingTrailingNewlines())
        guard text.hasPrefix("<p>"), text.hasSuffix("</p>") else { return nil }
        text = text.dropFirst(3).dropLast(4)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingSpaces() }
        guard lines.count >= 2, lines.allSatisfy({ $0.hasPrefix("|") || $0.contains("|") }) else { return nil }
        let rows = lines.map(cells)
        guard let alignments = delimiterRow(rows[1]), alignments.count == rows[0].count else { return nil }
        func cellHTML(_ tag: String, _ content: String, _ column: Int) -> String {
            let alignment = column < alignments.count ? alignments[column] : .none
            let attribute: String
            switch alignment {
            case .none: attribute = ""
            case .left: attribute = " class=\"align-left\""
            case .center: attribute = " class=\"align-center\""
            case .right: attribute = " class=\"align-right\""
            }
            return "<\(tag)\(attribute)>\(content)</\(tag)>"
        }
        var html = "<div class=\"table-frame\"><table>\n<thead>\n<tr>"
        for (column, cell) in rows[0].enumerated() { html += cellHTML("th", cell, column) }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in rows.dropFirst(2) {
            html += "<tr>"
            // A row with fewer cells is padded, one with more cut, as GitHub does.
            for column in 0..<alignments.count {
                html += cellHTML("td", column < row.count ? row[column] : "", column)
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }

    /// The alignments a delimiter row (`---`, `:--`, `:-:`, `--:`) sets; nil when `row` is not one.
    static func delimiterRow(_ row: [String]) -> [Alignment]? {
        var alignments: [Alignment] = []
        for cell in row {
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : left ? .left : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// A row's cells, trimmed, without the empty ones outside its leading and trailing pipe.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = false, inTag = false
        var rest = Substring(line)
        while let character = rest.first {
            if !inTag && rest.hasPrefix("<code") { inCode = true }
            if inCode && rest.hasPrefix("</code>") { inCode = false }
            if character == "<" { inTag = true }
            if character == ">" { inTag = false }
            if character == "|" && !inCode && !inTag {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
            rest = rest.dropFirst()
        }
        cells.append(current.trimmingSpaces())
        if line.hasPrefix("|"), cells.first == "" { cells.removeFirst() }
        if line.hasSuffix("|"), cells.last == "" { cells.removeLast() }
        return cells
    }
}

private extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    func trimmingTrailingNewlines() -> String {
        String(reversed().drop { $0 == "\n" }.reversed())
    }
}
