/// The page a chapter writes its results on.
///
/// Every chapter module has an entry point that demonstrates its step. It
/// does not print: it hands what it wants the reader to see to a `Notebook`,
/// as named outputs. The runner decides where they go — the terminal, the
/// recorded outputs beside the chapter's Markdown, or the rendered site —
/// and the chapter places each one in its prose by name.
public final class Notebook {
    /// The outputs in the order the chapter produced them.
    public private(set) var outputs: [NamedOutput] = []

    /// The files the chapter attached, in order.
    public private(set) var attachments: [Attachment] = []

    /// Called while long work runs (training), so that a terminal can draw
    /// a progress bar. Never part of the recorded output.
    public var progress: ((ProgressReport) -> Void)?

    public init(progress: ((ProgressReport) -> Void)? = nil) {
        self.progress = progress
    }

    /// Shows preformatted text, as a notebook shows what a cell printed.
    public func text(_ name: String, _ text: String) {
        append(name, .text(text))
    }

    /// Shows a table.
    public func table(_ name: String, _ table: Table) {
        append(name, .table(table))
    }

    /// Shows numbers that read better as a picture: a line plot.
    public func plot(_ name: String, _ plot: Plot) {
        append(name, .plot(plot))
    }

    /// Shows a grid of numbers as coloured cells: a heatmap (for example hidden units × timesteps).
    public func heatmap(_ name: String, _ heatmap: Heatmap) {
        append(name, .heatmap(heatmap))
    }

    /// Hands the site a file as it is, such as the trained weights, which the
    /// site serves as `name` beside its pages. An attachment is not shown
    /// and not recorded in the chapter's Markdown.
    public func attach(_ name: String, _ contents: [UInt8]) {
        precondition(!attachments.contains { $0.name == name }, "a chapter attached two files named '\(name)'")
        attachments.append(Attachment(name: name, contents: contents))
    }

    /// The output with this name, if the chapter produced one.
    public func output(named name: String) -> Output? {
        outputs.first { $0.name == name }?.output
    }

    private func append(_ name: String, _ output: Output) {
        precondition(
            !outputs.contains { $0.name == name },
            "a chapter produced two outputs named '\(name)'")
        outputs.append(NamedOutput(name: name, output: output))
    }
}

public struct NamedOutput: Equatable, Sendable, Codable {
    public var name: String
    public var output: Output

    public init(name: String, output: Output) {
        self.name = name
        self.output = output
    }
}

/// A file a chapter hands to the site: `name` is its path in the site folder.
public struct Attachment: Equatable, Sendable {
    public var name: String
    public var contents: [UInt8]

    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
}

/// One thing a chapter shows.
public enum Output: Equatable, Sendable, Codable {
    case text(String)
    case table(Table)
    case plot(Plot)
    case heatmap(Heatmap)
}

/// A table of already formatted cells.
public struct Table: Equatable, Sendable, Codable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == header.count }, "every row needs one cell per column")
        self.header = header
        self.rows = rows
    }
}

/// A line plot: one or more series over a shared x axis.
public struct Plot: Equatable, Sendable, Codable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Lines the text refers to, drawn across the plot (the untrained loss, ln 2, say).
    public var references: [ReferenceLine]

    public init(title: String, xLabel: String, yLabel: String, series: [Series], references: [ReferenceLine] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.references = references
    }
}

/// A horizontal line at `y` across a plot, with a short label: a value the text compares the curves with.
public struct ReferenceLine: Equatable, Sendable, Codable {
    public var y: Double
    public var label: String

    public init(y: Double, label: String) {
        self.y = y
        self.label = label
    }
}

/// A named list of points, drawn as one line, or as separate points when
/// the x values are things rather than a quantity (seeds, say), where a
/// line between neighbours would suggest a trend that is not there.
public struct Series: Equatable, Sendable, Codable {
    public enum Mark: String, Equatable, Sendable, Codable { case line, points }

    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// nil for a line, so that the kept outputs of a line read as they always have.
    public var marks: Mark?

    public init(name: String, x: [Double], y: [Double], marks: Mark = .line) {
        precondition(x.count == y.count, "a series needs as many x values as y values")
        self.name = name
        self.x = x
        self.y = y
        self.marks = marks == .line ? nil : marks
    }
}

/// A grid of numbers drawn as coloured cells: rows × columns, each cell one value.
///
/// Recorded as text (see the runner's `RecordedText`) with `decimals` digits
/// per value, so the doc tests compare it exactly; drawn on the site with
/// `scale` deciding each cell's colour.
public struct Heatmap: Equatable, Sendable, Codable {
    public var title: String
    /// What the columns are (`"timestep"`) and what the rows are (`"hidden unit"`).
    public var xLabel: String
    public var yLabel: String
    public var columnLabels: [String]
    public var rowLabels: [String]
    /// `values[row][column]`.
    public var values: [[Double]]
    /// Digits after the point in the recorded text.
    public var decimals: Int
    public var scale: ColourScale

    /// How a value becomes a colour.
    public enum ColourScale: Equatable, Sendable, Codable {
        /// Centred on 0: negative values in one hue, positive in another, full strength at ±`limit`.
        case diverging(Double)
        /// One hue from faint at `min` to full strength at `max`.
        case sequential(Double, Double)
    }

    public init(
        title: String, xLabel: String, yLabel: String, columnLabels: [String], rowLabels: [String],
        values: [[Double]], decimals: Int = 2, scale: ColourScale
    ) {
        precondition(values.count == rowLabels.count, "a heatmap needs one row label per row of values")
        precondition(
            values.allSatisfy { $0.count == columnLabels.count },
            "every row of a heatmap needs one value per column label")
        precondition(decimals >= 0, "a heatmap cannot show a negative number of decimals")
        switch scale {
        case .diverging(let limit): precondition(limit > 0, "a diverging scale needs a positive limit")
        case .sequential(let low, let high): precondition(low < high, "a sequential scale needs min < max")
        }
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.columnLabels = columnLabels
        self.rowLabels = rowLabels
        self.values = values
        self.decimals = decimals
        self.scale = scale
    }
}

/// How far a long piece of work has come: `done` of `total`, and what the
/// work says of itself (`loss 0.4123  accuracy 81.25%`, say), for a terminal's
/// progress bar.
public struct ProgressReport: Sendable, Codable, Equatable {
    public var done: Int
    public var total: Int
    public var detail: String

    public init(done: Int, total: Int, detail: String = "") {
        self.done = done
        self.total = total
        self.detail = detail
    }
}
