import Format
import Notebook
import XCTest
@testable import Site

/// Axis ranges and ticks on nice numbers, and plots that stay drawable with awkward data.
final class PlotTests: XCTestCase {
    func testTicksFallOnNiceNumbersCoveringTheData() {
        let scale = AxisScale(minimum: 0.047, maximum: 0.93)
        XCTAssertEqual(scale.ticks.map { Format.fixed($0, scale.decimals) }, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let steps = AxisScale(minimum: 1, maximum: 9_870)
        XCTAssertEqual(
            steps.ticks.map { Format.fixed($0, steps.decimals) }, ["0", "2000", "4000", "6000", "8000", "10000"])
        let small = AxisScale(minimum: 0.0012, maximum: 0.0049)
        XCTAssertEqual(
            small.ticks.map { Format.fixed($0, small.decimals) }, ["0.001", "0.002", "0.003", "0.004", "0.005"])
    }

    /// The key sits beside the title where both fit, and on a row of its own under a title that
    /// would run into it.
    func testTheLegendNeverRunsIntoTheTitle() {
        func legendRow(title: String) -> String? {
            let plot = Plot(
                title: title, xLabel: "x", yLabel: "y",
                series: [
                    Series(name: "training, 2 cores", x: [0, 1], y: [1, 2]),
                    Series(name: "the product alone, 1 core", x: [0, 1], y: [2, 1])
                ])
            let svg = PlotSVG.svg(for: plot)
            guard let range = svg.range(of: #"<text class="legend" x="[0-9.]+" y="(\d+)""#, options: .regularExpression)
            else { return nil }
            return String(svg[range]).components(separatedBy: "y=\"").last.map { String($0.dropLast()) }
        }
        XCTAssertEqual(legendRow(title: "GFLOP/s"), "22")
        XCTAssertEqual(legendRow(title: "GFLOP/s against H (recorded: AMD EPYC, AVX2, 2 cores)"), "38")
    }

    func testAConstantSeriesGetsARangeAroundItsValue() {
        let scale = AxisScale(minimum: 0.5, maximum: 0.5)
        XCTAssertLessThan(scale.lower, 0.5)
        XCTAssertGreaterThan(scale.upper, 0.5)
    }

    func testNonFiniteValuesBreakTheLineInsteadOfBendingIt() {
        let plot = Plot(
            title: "t", xLabel: "x", yLabel: "y",
            series: [Series(name: "s", x: [0, 1, 2, 3, 4], y: [1, 2, .nan, 3, 4])])
        let svg = PlotSVG.svg(for: plot)
        XCTAssertEqual(svg.components(separatedBy: "<polyline class=\"series series-1\"").count - 1, 2, svg)
        XCTAssertFalse(svg.contains("nan"), "no NaN may reach the SVG")
    }

    func testLargeTickLabelsAreGroupedAndCoordinatesHaveOneDecimal() {
        let plot = Plot(
            title: "t", xLabel: "step", yLabel: "loss",
            series: [Series(name: "loss", x: [0, 20_000], y: [0.7, 0.1])])
        let svg = PlotSVG.svg(for: plot)
        XCTAssertTrue(svg.contains(">20,000</text>"), svg)
        XCTAssertTrue(svg.contains(#"<polyline class="series series-1" points="72.0,48.0 700.0,344.0"/>"#), svg)
    }

    func testAReferenceLineIsDrawnDashedWithItsLabelAndWidensTheRangeToShowIt() {
        let plot = Plot(
            title: "t", xLabel: "step", yLabel: "loss",
            series: [Series(name: "loss", x: [0, 10], y: [0.2, 0.4])],
            references: [ReferenceLine(y: 0.6931, label: "ln 2")])
        let svg = PlotSVG.svg(for: plot)
        XCTAssertTrue(svg.contains(#"<line class="reference" x1="72.0""#), svg)
        XCTAssertTrue(svg.contains(#"text-anchor="end">ln 2</text>"#), svg)
        XCTAssertTrue(svg.contains(">0.7</text>") || svg.contains(">0.8</text>"), "the axis reaches the line: \(svg)")
    }
}
