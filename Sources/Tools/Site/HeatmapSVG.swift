import Format
import Notebook

/// A `Heatmap` drawn as inline SVG: one rectangle per value, row and column labels, a colour key.
///
/// No colour is written into the SVG. A cell carries the class `pos`, `neg`
/// or `seq`, which the stylesheet fills with a theme colour
/// (`--heat-positive`, `--heat-negative`, `--heat-sequential`), and its
/// strength as `fill-opacity` over the page background, so the same bytes
/// read well in the light and the dark theme. Cells have a fixed size in
/// user units and the SVG a natural `width`, so two heatmaps of the same
/// kind (the same rows, a different number of timesteps) are drawn on the
/// same scale and can be compared cell for cell.
enum HeatmapSVG {
    /// One cell in user units (and CSS pixels at the natural size); half as tall when there are many rows.
    static let cellWidth = 22.0, cellHeight = 14.0, compactCellHeight = 7.0
    /// More rows than this are drawn compact, with a label on every eighth row.
    static let compactRows = 40
    /// Room above for the title, below for column labels and the axis title.
    static let top = 40.0, bottom = 52.0
    /// The colour key to the right of the cells: gap, bar, tick labels.
    static let keyGap = 20.0, keyWidth = 14.0, keyLabels = 52.0
    /// Steps of the colour key's bar.
    static let keySteps = 20

    static func svg(for heatmap: Heatmap) -> String {
        let rows = heatmap.rowLabels.count, columns = heatmap.columnLabels.count
        let cellHeight = rows > Self.compactRows ? Self.compactCellHeight : Self.cellHeight
        let labelEvery = rows > compactRows ? 8 : 1
        let rowLabelWidth = Double(heatmap.rowLabels.map(\.count).max() ?? 0) * 7 + 10
        let left = (heatmap.yLabel.isEmpty ? 8.0 : 30.0) + rowLabelWidth
        let gridWidth = Double(columns) * cellWidth, gridHeight = Double(rows) * cellHeight
        let keyX = left + gridWidth + keyGap
        let width = max(keyX + keyWidth + keyLabels, Double(heatmap.title.count) * 8.6 + 16)
        let height = top + max(gridHeight, 120) + bottom

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        svg += "role=\"img\" aria-label=\"\(escapeHTML(heatmap.title))\">\n"
        svg += "<title>\(escapeHTML(heatmap.title))</title>\n<desc>\(escapeHTML(description(of: heatmap)))</desc>\n"
        svg += "<text class=\"plot-title\" x=\"8\" y=\"22\">\(escapeHTML(heatmap.title))</text>\n"

        // The cells, row by row; each names its row, column and value for a reader who points at it.
        svg += "<g class=\"cells\">\n"
        for (row, values) in heatmap.values.enumerated() {
            let y = top + Double(row) * cellHeight
            for (column, value) in values.enumerated() {
                let x = left + Double(column) * cellWidth
                let (kind, strength) = colour(value, heatmap.scale)
                let opacity = kind == "missing" ? "" : " fill-opacity=\"\(Format.fixed(strength, 2))\""
                svg += "<rect class=\"\(kind)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellWidth))\" "
                svg += "height=\"\(n(cellHeight))\"\(opacity)><title>\(escapeHTML(heatmap.rowLabels[row])), "
                svg += "\(escapeHTML(heatmap.xLabel)) \(escapeHTML(heatmap.columnLabels[column])): "
                svg += "\(cellText(value, heatmap.decimals))</title></rect>\n"
            }
        }
        svg += "</g>\n"
        svg +=
            "<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(gridWidth))\" height=\"\(n(gridHeight))\"/>\n"

        // Row labels, right-aligned against the cells: every row, or every eighth when the rows are compact.
        for (row, label) in heatmap.rowLabels.enumerated() where row % labelEvery == 0 {
            let y = top + (Double(row) + 0.5) * cellHeight
            svg += "<text class=\"tick\" x=\"\(n(left - 5))\" y=\"\(n(y))\" text-anchor=\"end\" dy=\"0.32em\">"
            svg += "\(escapeHTML(label))</text>\n"
        }
        // Column labels: thinned so that they never overlap.
        let labelChars = heatmap.columnLabels.map(\.count).max() ?? 1
        let every = max(1, Int((Double(labelChars) * 7 + 6) / cellWidth + 0.999))
        for (column, label) in heatmap.columnLabels.enumerated() where column % every == 0 {
            let x = left + (Double(column) + 0.5) * cellWidth
            svg += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(top + gridHeight + 16))\" text-anchor=\"middle\">"
            svg += "\(escapeHTML(label))</text>\n"
        }
        // Axis titles.
        svg += "<text class=\"axis-label\" x=\"\(n(left + gridWidth / 2))\" y=\"\(n(top + gridHeight + 40))\" "
        svg += "text-anchor=\"middle\">\(escapeHTML(heatmap.xLabel))</text>\n"
        if !heatmap.yLabel.isEmpty {
            let yMid = n(top + gridHeight / 2)
            svg += "<text class=\"axis-label\" x=\"16\" y=\"\(yMid)\" text-anchor=\"middle\" "
            svg += "transform=\"rotate(-90 16 \(yMid))\">\(escapeHTML(heatmap.yLabel))</text>\n"
        }
        svg += key(for: heatmap, x: keyX, height: min(gridHeight, 200))
        return svg + "</svg>"
    }

    /// The class and strength (0…1) of a value's colour; `missing` for a value that is not finite.
    static func colour(_ value: Double, _ scale: Heatmap.ColourScale) -> (String, Double) {
        guard value.isFinite else { return ("missing", 0) }
        switch scale {
        case .diverging(let limit):
            return (value < 0 ? "neg" : "pos", min(abs(value) / limit, 1))
        case .sequential(let low, let high):
            return ("seq", min(max((value - low) / (high - low), 0), 1))
        }
    }

    /// A vertical bar from the scale's low end (bottom) to its high end (top), with three labels.
    private static func key(for heatmap: Heatmap, x: Double, height: Double) -> String {
        let (low, high): (Double, Double)
        switch heatmap.scale {
        case .diverging(let limit): (low, high) = (-limit, limit)
        case .sequential(let a, let b): (low, high) = (a, b)
        }
        var svg = "<g class=\"key\">\n"
        // A picture of two values only (a mask: 0 or 1) gets two swatches, not a continuous bar.
        let finite = heatmap.values.joined().filter(\.isFinite)
        if !finite.isEmpty, low != high, finite.allSatisfy({ $0 == low || $0 == high }) {
            let decimals = keyDecimals(low, high)
            for (index, value) in [high, low].enumerated() {
                let (kind, strength) = colour(value, heatmap.scale)
                let y = top + Double(index) * (keyWidth + 10)
                svg += "<rect class=\"\(kind)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(keyWidth))\" "
                svg += "height=\"\(n(keyWidth))\" fill-opacity=\"\(Format.fixed(strength, 2))\"/>\n"
                svg +=
                    "<rect class=\"frame\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(keyWidth))\" height=\"\(n(keyWidth))\"/>\n"
                svg += "<text class=\"tick\" x=\"\(n(x + keyWidth + 5))\" y=\"\(n(y + keyWidth / 2))\" dy=\"0.32em\">"
                svg += "\(signed(value, decimals))</text>\n"
            }
            return svg + "</g>\n"
        }
        let step = height / Double(keySteps)
        for index in 0..<keySteps {
            let value = low + (Double(index) + 0.5) / Double(keySteps) * (high - low)
            let (kind, strength) = colour(value, heatmap.scale)
            let y = top + height - Double(index + 1) * step
            svg += "<rect class=\"\(kind)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(keyWidth))\" "
            svg += "height=\"\(n(step))\" fill-opacity=\"\(Format.fixed(strength, 2))\"/>\n"
        }
        svg +=
            "<rect class=\"frame\" x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(keyWidth))\" height=\"\(n(height))\"/>\n"
        let decimals = keyDecimals(low, high)
        for (value, y) in [(high, top), ((low + high) / 2, top + height / 2), (low, top + height)] {
            svg += "<text class=\"tick\" x=\"\(n(x + keyWidth + 5))\" y=\"\(n(y))\" dy=\"0.32em\">"
            svg += "\(signed(value, decimals))</text>\n"
        }
        return svg + "</g>\n"
    }

    /// What the picture shows, in words, for a reader who cannot see it.
    static func description(of heatmap: Heatmap) -> String {
        let finite = heatmap.values.joined().filter(\.isFinite)
        var text = "\(heatmap.rowLabels.count) rows (\(heatmap.yLabel.isEmpty ? "rows" : heatmap.yLabel)) by "
        text += "\(heatmap.columnLabels.count) columns (\(heatmap.xLabel.isEmpty ? "columns" : heatmap.xLabel))"
        if let low = finite.min(), let high = finite.max() {
            text += "; values from \(Format.fixed(low, heatmap.decimals)) to \(Format.fixed(high, heatmap.decimals))"
        }
        switch heatmap.scale {
        case .diverging(let limit):
            text += "; negative values in one colour, positive in another, strongest at ±\(Format.plain(limit))"
        case .sequential(let low, let high):
            text += "; stronger colour for larger values, from \(Format.plain(low)) to \(Format.plain(high))"
        }
        return text + ". The numbers are in the table under the picture."
    }

    private static func keyDecimals(_ low: Double, _ high: Double) -> Int {
        for decimals in 0...4 {
            let scale = pow10(decimals)
            if [low, high, (low + high) / 2].allSatisfy({ abs(($0 * scale).rounded() - $0 * scale) < 1e-9 }) {
                return decimals
            }
        }
        return 4
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// A key label: `+1`, `0`, `−1` (a true minus sign), never `-0`.
    private static func signed(_ value: Double, _ decimals: Int) -> String {
        let text = Format.fixed(abs(value), decimals)
        if Double(text) == 0 { return text }
        return value < 0 ? "−" + text : text
    }

    /// A value as the recorded text shows it: fixed decimals, `-` for a cell without a value.
    /// A value that rounds to zero shows as `0.00`, never `-0.00`.
    static func cellText(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        let text = Format.fixed(value, decimals)
        return Double(text) == 0 ? Format.fixed(0.0, decimals) : text
    }

    /// A coordinate with one decimal; never `-0.0`.
    private static func n(_ value: Double) -> String {
        let text = Format.fixed(value, 1)
        return text == "-0.0" ? "0.0" : text
    }
}
