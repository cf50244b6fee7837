import Format
import Notebook

/// The canonical text form of an output: what a chapter's `output` block
/// records, and what `--chapter N` prints in the terminal.
///
/// - text: as the chapter wrote it;
/// - table: aligned plain-text columns under a header and a rule of dashes;
///   a column whose cells are all numbers is right-aligned, others left;
/// - plot: its title and a line per reference line, then a table of its
///   series: the x values in the first column, one column per series,
///   numbers printed by `Format`;
/// - heatmap: its title, then a table: a header of the column labels (after
///   a corner cell `rows \ columns` naming both axes), one line per row with
///   the row label and the values in fixed decimals, one space apart; a
///   value that is not finite (a cell with nothing in it) is recorded as `-`.
///
/// Every line loses its trailing whitespace and trailing empty lines are
/// dropped, so that editors that trim lines cannot make a check fail.
///
/// Floating-point policy: numbers are printed with fixed decimals by
/// `Format`, and the recorded outputs are compared exactly. They are exact on
/// the machine kind that recorded them (x86-64 Linux, Swift 6.3); on another
/// kind (another CPU, another libm) a value near a rounding boundary may print
/// one unit differently in its last digit, and the check reports that as a
/// difference. Re-record with `tutorial --update` there, rather than loosening
/// the comparison, so a changed result can never hide inside a tolerance.
public enum RecordedText {
    /// The lines of `output`'s canonical text.
    public static func lines(of output: Output) -> [String] {
        let raw: [String]
        switch output {
        case .text(let text): raw = SourceText(text).lines
        case .table(let table): raw = lines(of: table)
        case .plot(let plot): raw = lines(of: plot)
        case .heatmap(let heatmap): raw = lines(of: heatmap)
        }
        var lines = raw.map(\.trimmingTrailingWhitespace)
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `output`'s canonical text, lines joined with newlines, no final newline.
    public static func text(of output: Output) -> String {
        lines(of: output).joined(separator: "\n")
    }

    /// Columns two spaces apart, the header over a rule of dashes.
    static func lines(of table: Table) -> [String] {
        let columns = Columns([table.header] + table.rows)
        // A column of numbers (empty cells allowed, as where a plot's series
        // has no point) is right-aligned, so that digits line up.
        let numeric = table.header.indices.map { column in Format.isNumericColumn(table.rows.map { $0[column] }) }
        func line(_ cells: [String]) -> String { columns.line(cells) { numeric[$0] } }
        return [line(table.header), columns.rule()] + table.rows.map(line)
    }

    /// The plot's title, then its series as a table over the union of their x values.
    static func lines(of plot: Plot) -> [String] {
        let xs = Array(Set(plot.series.flatMap(\.x))).sorted()
        let wholeXs = xs.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
        let header = [plot.xLabel] + plot.series.map { $0.name.isEmpty ? plot.yLabel : $0.name }
        let rows = xs.map { x in
            [wholeXs ? Format.plain(x) : Format.fixed(x, plotDecimals)]
                + plot.series.map { series in
                    series.x.firstIndex(of: x).map { Format.fixed(series.y[$0], plotDecimals) } ?? ""
                }
        }
        let table = lines(of: Table(header: header, rows: rows))
        let references = plot.references.map { "reference line: y = \(Format.fixed($0.y, plotDecimals)) (\($0.label))" }
        let heading = (plot.title.isEmpty ? [] : [plot.title]) + references
        return heading.isEmpty ? table : heading + [""] + table
    }

    /// The heatmap's title, then its values under the column labels.
    ///
    /// One space between columns (not two as in tables) keeps a row of
    /// 20 values within a code block a reader can take in; every value
    /// column is right-aligned to its widest cell, so the digits line up.
    static func lines(of heatmap: Heatmap) -> [String] {
        let corner =
            heatmap.yLabel.isEmpty && heatmap.xLabel.isEmpty
            ? ""
            : "\(heatmap.yLabel) \\ \(heatmap.xLabel)"
        let rows =
            [[corner] + heatmap.columnLabels]
            + zip(heatmap.rowLabels, heatmap.values).map { label, row in
                [label] + row.map { heatmapCell($0, heatmap.decimals) }
            }
        let columns = Columns(rows)
        let lines = rows.map { columns.line($0, separator: " ") { $0 > 0 } }
        let table = [lines[0], columns.rule(separator: " ")] + lines.dropFirst()
        return heatmap.title.isEmpty ? table : [heatmap.title, ""] + table
    }

    /// A heatmap value in text: fixed decimals, or `-` for a cell with no value (NaN: padding, say).
    public static func heatmapCell(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? Format.fixed(value, decimals) : "-"
    }

    /// Decimals of a plot's values in text: enough to follow a loss curve.
    /// Whole x values (steps, lengths) print without decimals.
    static let plotDecimals = 4
}
