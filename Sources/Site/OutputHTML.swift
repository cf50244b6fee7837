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
            return "<pre class=\"output\"><code>\(escapeHTML(text))</code></pre>"
        case .table(let table):
            return html(for: table)
        case .plot(let plot):
            return "<figure class=\"plot\">\n\(PlotSVG.svg(for: plot))\n</figure>"
        case .heatmap(let heatmap):
            return html(for: heatmap)
        }
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

    /// A table in a scrolling frame, so that a wide one does not widen the page on a phone.
    ///
    /// Cells that read as numbers are right-aligned, so that digits line up.
    static func html(for table: Table) -> String {
        var out = "<div class=\"table-frame\"><table class=\"output\">\n<thead><tr>"
        for (column, title) in table.header.enumerated() {
            out += cell("th", title, numeric: isNumericColumn(column, of: table))
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (column, value) in row.enumerated() {
                out += cell("td", value, numeric: isNumericColumn(column, of: table))
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>"
    }

    private static func cell(_ tag: String, _ text: String, numeric: Bool) -> String {
        let attribute = numeric ? " class=\"number\"" : ""
        return "<\(tag)\(attribute)>\(escapeHTML(text))</\(tag)>"
    }

    private static func isNumericColumn(_ column: Int, of table: Table) -> Bool {
        Format.isNumericColumn(table.rows.map { $0[column] })
    }
}
