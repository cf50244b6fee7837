import Notebook
import XCTest
@testable import Site

/// Heatmaps on the page: one cell per value, coloured by class and strength, with words and numbers for every reader.
final class HeatmapTests: XCTestCase {
    private let heatmap = Heatmap(
        title: "Hidden <state>", xLabel: "timestep", yLabel: "unit",
        columnLabels: ["0", "1", "2"], rowLabels: ["h[0]", "h[1]"],
        values: [[0.5, -0.25, 2], [0, .nan, -1]], decimals: 2, scale: .diverging(1))

    func testEveryValueIsACellWhoseClassAndOpacityFollowTheDivergingScale() {
        let svg = HeatmapSVG.svg(for: heatmap)
        let cells = svg.components(separatedBy: "<g class=\"cells\">")[1].components(separatedBy: "</g>")[0]
        XCTAssertEqual(cells.components(separatedBy: "<rect ").count - 1, 6)
        XCTAssertTrue(cells.contains(#"class="pos" x="#), cells)
        XCTAssertTrue(cells.contains(#"fill-opacity="0.50"><title>h[0], timestep 0: 0.50</title>"#), cells)
        XCTAssertTrue(
            cells.contains(#"class="neg""#) && cells.contains(#"fill-opacity="0.25"><title>h[0], timestep 1: -0.25"#),
            cells)
        // Beyond the limit the colour saturates; a value that is not a number gets no colour at all.
        XCTAssertTrue(cells.contains(#"fill-opacity="1.00"><title>h[0], timestep 2: 2.00"#), cells)
        XCTAssertTrue(cells.contains(#"<rect class="missing""#), cells)
        XCTAssertFalse(svg.contains("fill=\""), "colours come from the stylesheet, not the SVG")
    }

    func testTheSequentialScaleRunsFromItsMinimumToItsMaximum() {
        XCTAssertEqual(HeatmapSVG.colour(5, .sequential(0, 10)).1, 0.5)
        XCTAssertEqual(HeatmapSVG.colour(-3, .sequential(0, 10)).1, 0)
        XCTAssertEqual(HeatmapSVG.colour(30, .sequential(0, 10)).1, 1)
        XCTAssertEqual(HeatmapSVG.colour(-0.5, .diverging(2)).0, "neg")
    }

    func testTheDrawingHasATextAlternativeAndTheNumbersFollowIt() {
        let html = OutputHTML.html(for: .heatmap(heatmap))
        XCTAssertTrue(html.hasPrefix("<figure class=\"heatmap\">"), html)
        XCTAssertTrue(html.contains(#"role="img" aria-label="Hidden &lt;state&gt;""#), html)
        XCTAssertTrue(html.contains("<title>Hidden &lt;state&gt;</title>"), html)
        XCTAssertTrue(html.contains("<desc>2 rows (unit) by 3 columns (timestep); values from -1.00 to 2.00;"), html)
        XCTAssertTrue(html.contains("<details><summary>The numbers</summary>"), html)
        XCTAssertTrue(html.contains(#"<td>h[1]</td><td class="number">0.00</td><td class="number">-</td>"#), html)
    }

    func testCellsHaveOneSizeSoThatTwoHeatmapsOfDifferentLengthsShareTheirScale() {
        var shorter = heatmap
        shorter.columnLabels = ["0", "1"]
        shorter.values = shorter.values.map { Array($0.prefix(2)) }
        for svg in [HeatmapSVG.svg(for: heatmap), HeatmapSVG.svg(for: shorter)] {
            XCTAssertTrue(svg.contains(#"width="22.0" height="14.0""#), svg)
        }
        // The same input gives the same bytes.
        XCTAssertEqual(HeatmapSVG.svg(for: heatmap), HeatmapSVG.svg(for: heatmap))
    }
}
