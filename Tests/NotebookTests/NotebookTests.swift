import Notebook
import XCTest

/// A chapter's page: named outputs in the order shown, attachments apart, progress to whoever listens.
final class NotebookTests: XCTestCase {
    func testOutputsKeepTheirOrderAndAreFoundByName() {
        let notebook = Notebook()
        notebook.text("log", "step: 1")
        notebook.table("summary", Table(header: ["measure", "value"], rows: [["seed", "0"]]))
        notebook.attach("model.safetensors", [1, 2, 3])
        XCTAssertEqual(notebook.outputs.map(\.name), ["log", "summary"])
        XCTAssertEqual(notebook.output(named: "log"), .text("step: 1"))
        XCTAssertNil(notebook.output(named: "model.safetensors"), "an attachment is not an output")
        XCTAssertEqual(notebook.attachments, [Attachment(name: "model.safetensors", contents: [1, 2, 3])])
    }

    func testProgressGoesToTheListener() {
        var reports: [ProgressReport] = []
        let notebook = Notebook(progress: { reports.append($0) })
        notebook.progress?(ProgressReport(done: 1, total: 4, detail: "loss 0.5"))
        XCTAssertEqual(reports, [ProgressReport(done: 1, total: 4, detail: "loss 0.5")])
    }

    /// Outputs travel from a chapter's process to the runner as JSON: every kind survives the trip.
    func testEveryKindOfOutputSurvivesJSON() throws {
        let outputs: [NamedOutput] = [
            NamedOutput(name: "t", output: .text("a\nb")),
            NamedOutput(
                name: "p",
                output: .plot(
                    Plot(
                        title: "loss", xLabel: "step", yLabel: "nats",
                        series: [Series(name: "loss", x: [1, 2], y: [0.7, 0.5])])))
        ]
        let decoded = try JSONDecoder().decode([NamedOutput].self, from: JSONEncoder().encode(outputs))
        XCTAssertEqual(decoded, outputs)
    }
}
