import Format
import Notebook

/// A `Plot` drawn as inline SVG when the site is built: frame, nice ticks, grid, legend, one line per series.
///
/// Colours are not written into the SVG: lines carry the classes
/// `series series-N` and the axes use `currentColor`, so the stylesheet picks
/// colours that suit the light or the dark theme and no script is needed.
/// Every coordinate is printed with one decimal through `Format`, so the same
/// plot gives the same bytes on every machine.
enum PlotSVG {
    /// The drawing's coordinate system; the page scales it to the column width.
    static let width = 720.0, height = 400.0
    /// Room for the title and legend above, tick labels and axis titles to the left and below.
    static let left = 72.0, right = 20.0, top = 48.0, bottom = 56.0
    /// How many colours the stylesheet defines (`--plot-1` … `--plot-6`); more series reuse them.
    static let paletteSize = 6

    static func svg(for plot: Plot) -> String {
        let points = plot.series.flatMap { zip($0.x, $0.y) }.filter { $0.0.isFinite && $0.1.isFinite }
        let xScale = AxisScale(minimum: points.map(\.0).min() ?? 0, maximum: points.map(\.0).max() ?? 1)
        let ys = points.map(\.1) + plot.references.map(\.y).filter(\.isFinite)
        let yScale = AxisScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1)
        let frame = (x0: left, x1: width - right, y0: top, y1: height - bottom)
        func px(_ x: Double) -> Double {
            frame.x0 + (x - xScale.lower) / (xScale.upper - xScale.lower) * (frame.x1 - frame.x0)
        }
        func py(_ y: Double) -> Double {
            frame.y1 - (y - yScale.lower) / (yScale.upper - yScale.lower) * (frame.y1 - frame.y0)
        }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" role="img" \
            aria-label="\(escapeHTML(plot.title))">
            <title>\(escapeHTML(plot.title))</title>
            <desc>\(escapeHTML(description(of: plot)))</desc>
            <text class="plot-title" x="\(n(frame.x0))" y="22">\(escapeHTML(plot.title))</text>

            """
        // Grid and tick labels.
        for tick in yScale.ticks {
            let y = n(py(tick))
            svg += "<line class=\"grid\" x1=\"\(n(frame.x0))\" y1=\"\(y)\" x2=\"\(n(frame.x1))\" y2=\"\(y)\"/>"
            svg += "<text class=\"tick\" x=\"\(n(frame.x0 - 8))\" y=\"\(y)\" text-anchor=\"end\" dy=\"0.32em\">"
            svg += "\(label(tick, yScale.decimals))</text>\n"
        }
        for tick in xScale.ticks {
            let x = n(px(tick))
            svg += "<line class=\"axis\" x1=\"\(x)\" y1=\"\(n(frame.y1))\" x2=\"\(x)\" y2=\"\(n(frame.y1 + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(x)\" y=\"\(n(frame.y1 + 20))\" text-anchor=\"middle\">"
            svg += "\(label(tick, xScale.decimals))</text>\n"
        }
        // The frame's left and bottom edges.
        svg += "<polyline class=\"axis\" points=\"\(n(frame.x0)),\(n(frame.y0)) \(n(frame.x0)),\(n(frame.y1)) "
        svg += "\(n(frame.x1)),\(n(frame.y1))\"/>\n"
        // Axis titles.
        svg += "<text class=\"axis-label\" x=\"\(n((frame.x0 + frame.x1) / 2))\" y=\"\(n(height - 12))\" "
        svg += "text-anchor=\"middle\">\(escapeHTML(plot.xLabel))</text>\n"
        let yMid = n((frame.y0 + frame.y1) / 2)
        svg += "<text class=\"axis-label\" x=\"18\" y=\"\(yMid)\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 18 \(yMid))\">\(escapeHTML(plot.yLabel))</text>\n"

        // Reference lines, dashed, under the data, their labels at the right end above the line.
        for reference in plot.references where reference.y.isFinite {
            let y = n(py(reference.y))
            svg += "<line class=\"reference\" x1=\"\(n(frame.x0))\" y1=\"\(y)\" x2=\"\(n(frame.x1))\" y2=\"\(y)\"/>"
            svg += "<text class=\"reference-label\" x=\"\(n(frame.x1 - 4))\" y=\"\(n(py(reference.y) - 6))\" "
            svg += "text-anchor=\"end\">\(escapeHTML(reference.label))</text>\n"
        }
        // The lines. A non-finite value breaks a line rather than bending it to the edge.
        for (index, series) in plot.series.enumerated() {
            let colour = "series series-\(index % paletteSize + 1)"
            for run in finiteRuns(series) where !run.isEmpty {
                let coordinates = run.map { "\(n(px($0.0))),\(n(py($0.1)))" }.joined(separator: " ")
                if series.marks == .points {
                    for (x, y) in run {
                        svg += "<circle class=\"\(colour) dot\" cx=\"\(n(px(x)))\" cy=\"\(n(py(y)))\" r=\"3.5\"/>\n"
                    }
                } else if run.count == 1 {
                    svg +=
                        "<circle class=\"\(colour) dot\" cx=\"\(n(px(run[0].0)))\" cy=\"\(n(py(run[0].1)))\" r=\"3\"/>\n"
                } else {
                    svg += "<polyline class=\"\(colour)\" points=\"\(coordinates)\"/>\n"
                }
            }
        }
        svg += legend(for: plot.series, rightEdge: frame.x1, titleEnd: frame.x0 + titleWidth(plot.title))
        return svg + "</svg>"
    }

    /// The plot in words, for a screen reader: what is drawn against what, over which ranges.
    static func description(of plot: Plot) -> String {
        var parts: [String] = []
        let names = plot.series.map(\.name).filter { !$0.isEmpty }
        parts.append(
            "\(plot.yLabel) against \(plot.xLabel)"
                + (names.isEmpty
                    ? ""
                    : ", \(plot.series.count == 1 ? "one series" : "\(plot.series.count) series"): \(names.joined(separator: ", "))")
        )
        for series in plot.series {
            let points = zip(series.x, series.y).filter { $0.0.isFinite && $0.1.isFinite }
            guard let first = points.first, let last = points.last else { continue }
            let ys = points.map(\.1)
            parts.append(
                "\(series.name.isEmpty ? "the series" : series.name): \(points.count) points, "
                    + "from \(value(first.1)) at \(value(first.0)) to \(value(last.1)) at \(value(last.0)), "
                    + "lowest \(value(ys.min()!)), highest \(value(ys.max()!))")
        }
        for reference in plot.references where reference.y.isFinite {
            parts.append("a reference line at \(value(reference.y)) (\(reference.label))")
        }
        return parts.joined(separator: "; ") + ". The numbers are in the table below the plot."
    }

    /// The plotted numbers as a table in a collapsed `<details>`: x, then one column per series.
    /// Series with other x values than the first get rows of their own (an empty cell where a series has no point).
    static func dataTable(for plot: Plot) -> String {
        var xs: [Double] = []
        var seen: Set<Double> = []
        for series in plot.series { for x in series.x where x.isFinite && seen.insert(x).inserted { xs.append(x) } }
        xs.sort()
        let columns = plot.series.map { series in
            Dictionary(
                zip(series.x, series.y).filter { $0.0.isFinite }.map { ($0.0, $0.1) },
                uniquingKeysWith: { first, _ in first })
        }
        var html =
            "<details class=\"plot-data\"><summary>The numbers</summary>\n<div class=\"table-frame\"><table>\n<thead><tr>"
        html += "<th class=\"number\">\(escapeHTML(plot.xLabel))</th>"
        for (index, series) in plot.series.enumerated() {
            html +=
                "<th class=\"number\">\(escapeHTML(series.name.isEmpty ? (index == 0 ? plot.yLabel : "series \(index + 1)") : series.name))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for x in xs {
            html += "<tr><td class=\"number\">\(value(x))</td>"
            for column in columns { html += "<td class=\"number\">\(column[x].map(value) ?? "")</td>" }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n</details>"
    }

    /// A number for the description and the table: up to 4 significant digits, never `-0`.
    static func value(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "not a number" : (number > 0 ? "∞" : "−∞") }
        if number == number.rounded(), abs(number) < 1e9 { return number == 0 ? "0" : Format.grouped(Int(number)) }
        let magnitude = abs(number)
        if magnitude >= 0.001 && magnitude < 1e6 {
            var decimals = 3, scale = 1.0
            while magnitude >= scale * 10 && decimals > 0 { scale *= 10; decimals -= 1 }
            while magnitude < scale && decimals < 6 { scale /= 10; decimals += 1 }
            let text = Format.fixed(number, decimals)
            return Double(text) == 0 ? "0" : text
        }
        return Format.scientific(number, 3)
    }

    /// About how wide the title is drawn: 15px semibold text, some 0.6 em a character.
    static func titleWidth(_ title: String) -> Double { Double(title.count) * 9 }

    /// A row of swatches and names at the top right, laid out from the right edge: beside the
    /// title where they fit (`titleEnd` is where it stops), else on a row of their own under it.
    static func legend(for series: [Series], rightEdge: Double, titleEnd: Double) -> String {
        // One series needs no key: the title and the axis say what it is (and the key would crowd the title).
        guard series.count > 1 else { return "" }
        // Text is about 0.6 em wide per character at 13px; enough to keep entries apart.
        var x = rightEdge
        var placed: [(index: Int, item: Series, x: Double)] = []
        for (index, item) in series.enumerated().reversed() {
            x -= Double(item.name.count) * 7.8
            placed.insert((index, item, x), at: 0)
            x -= 26 + 16
        }
        let y = x + 16 < titleEnd + 12 ? "38" : "22"
        let entries = placed.map { index, item, x in
            let swatch =
                item.marks == .points
                ? "<circle class=\"series series-\(index % paletteSize + 1) dot\" cx=\"\(n(x - 16))\" cy=\"\(y)\" r=\"3.5\"/>"
                : "<line class=\"series series-\(index % paletteSize + 1)\" x1=\"\(n(x - 26))\" y1=\"\(y)\" "
                    + "x2=\"\(n(x - 6))\" y2=\"\(y)\"/>"
            return swatch
                + "<text class=\"legend\" x=\"\(n(x))\" y=\"\(y)\" dy=\"0.32em\">\(escapeHTML(item.name))</text>"
        }
        return "<g class=\"legend\">\n" + entries.joined(separator: "\n") + "\n</g>\n"
    }

    /// The points of a series split where a value is not finite.
    private static func finiteRuns(_ series: Series) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [[]]
        for point in zip(series.x, series.y) {
            if point.0.isFinite && point.1.isFinite {
                runs[runs.count - 1].append(point)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs
    }

    /// A coordinate with one decimal; never `-0.0`.
    private static func n(_ value: Double) -> String {
        let text = Format.fixed(value, 1)
        return text == "-0.0" ? "0.0" : text
    }

    /// A tick label: as many decimals as the step needs, thousands grouped for large whole numbers.
    private static func label(_ value: Double, _ decimals: Int) -> String {
        // Past 2^53 a Double no longer holds every whole number (and past 2^63 no Int holds it): say it in powers of ten.
        if abs(value) >= 0x1p53 { return Format.scientific(value, 3) }
        if decimals == 0 && abs(value) >= 10_000 { return Format.grouped(Int(value.rounded())) }
        let text = Format.fixed(value, decimals)
        return Double(text) == 0 ? Format.fixed(0.0, decimals) : text
    }
}
