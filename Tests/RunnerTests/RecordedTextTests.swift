import Notebook
@testable import Runner
import XCTest

final class RecordedTextTests: XCTestCase {
    func testTextLosesTrailingWhitespaceAndEmptyLastLines() {
        XCTAssertEqual(RecordedText.text(of: .text("a  \n\n  b\t\n\n\n")), "a\n\n  b")
    }

    func testTableAlignsNumbersRightAndWordsLeft() {
        let table = Table(
            header: ["step", "loss", "accuracy", "note"],
            rows: [["1", "0.6931", "51.56%", "first"], ["2,000", "0.0123", "100.00%", ""]])
        XCTAssertEqual(
            RecordedText.lines(of: .table(table)),
            [
                " step    loss  accuracy  note",
                "-----  ------  --------  -----",
                "    1  0.6931    51.56%  first",
                "2,000  0.0123   100.00%"
            ])
    }

    func testTableWithoutRowsIsHeaderAndRule() {
        XCTAssertEqual(RecordedText.lines(of: .table(Table(header: ["a", "bb"], rows: []))), ["a  bb", "-  --"])
    }

    func testPlotIsATableOfItsSeriesOverTheUnionOfXs() {
        let plot = Plot(
            title: "Loss", xLabel: "step", yLabel: "loss",
            series: [
                Series(name: "", x: [0, 100], y: [0.69314, 0.25]),
                Series(name: "smoothed", x: [100, 200], y: [0.3, .nan])
            ])
        XCTAssertEqual(
            RecordedText.lines(of: .plot(plot)),
            [
                "Loss",
                "",
                "step    loss  smoothed",
                "----  ------  --------",
                "   0  0.6931",
                " 100  0.2500    0.3000",
                " 200               nan"
            ])
    }

    func testPlotWithFractionalXsPrintsThemWithDecimals() {
        let plot = Plot(title: "", xLabel: "x", yLabel: "y", series: [Series(name: "y", x: [0.5, 1], y: [1, 2])])
        XCTAssertEqual(
            RecordedText.lines(of: .plot(plot)),
            [
                "     x       y", "------  ------", "0.5000  1.0000", "1.0000  2.0000"
            ])
    }

    func testHeatmapIsItsTitleThenRowsOfFixedDecimalValuesUnderTheColumnLabels() {
        let heatmap = Heatmap(
            title: "Hidden state", xLabel: "step", yLabel: "unit",
            columnLabels: ["0", "1", "10"], rowLabels: ["h0", "h1"],
            values: [[0.123, -0.5, 1], [0.004, .nan, -0.9999]], decimals: 2,
            scale: .diverging(1))
        XCTAssertEqual(
            RecordedText.lines(of: .heatmap(heatmap)),
            [
                "Hidden state",
                "",
                "unit \\ step    0     1    10",
                "----------- ---- ----- -----",
                "h0          0.12 -0.50  1.00",
                "h1          0.00     - -1.00"
            ])
    }

    func testHeatmapWithoutTitleOrAxisNamesIsTheBareTable() {
        let heatmap = Heatmap(
            title: "", xLabel: "", yLabel: "", columnLabels: ["a"], rowLabels: ["r"],
            values: [[3]], decimals: 0, scale: .sequential(0, 5))
        XCTAssertEqual(RecordedText.lines(of: .heatmap(heatmap)), ["  a", "- -", "r 3"])
    }

    func testAPlotNamesItsReferenceLinesUnderItsTitle() {
        let plot = Plot(
            title: "Loss", xLabel: "step", yLabel: "loss",
            series: [Series(name: "", x: [1], y: [0.5])],
            references: [ReferenceLine(y: 0.693147, label: "ln 2")])
        XCTAssertEqual(
            RecordedText.lines(of: .plot(plot)),
            [
                "Loss", "reference line: y = 0.6931 (ln 2)", "", "step    loss", "----  ------", "   1  0.5000"
            ])
    }
}
