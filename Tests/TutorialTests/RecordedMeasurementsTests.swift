@testable import TutorialBook
import Format
import Foundation
import Parameters
@testable import tutorial
import XCTest

/// The measurements chapter 7 quotes come from the files in `Benchmarks/`,
/// each naming its machine and command: every `{{value bench.…}}` and
/// `{{value compare.…}}` a chapter writes has a value from them, and the
/// hidden-size sweep holds every size the chapter's plot shows.
final class RecordedMeasurementsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryMeasuredValueAChapterQuotesIsRecorded() throws {
        let values = try BookContents.values(Hyperparameters(), root: Self.root)
        let chapters = Self.root.appendingPathComponent("chapters")
        let reference = try NSRegularExpression(pattern: #"\{\{value ((?:bench|compare|tf|sweep)\.[^}]*)\}\}"#)
        var quoted = 0
        for file in try FileManager.default.contentsOfDirectory(at: chapters, includingPropertiesForKeys: nil)
        where file.pathExtension == "md" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in reference.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                quoted += 1
                XCTAssertNotNil(
                    values[name], "\(file.lastPathComponent) quotes {{value \(name)}}, which no recording gives")
            }
        }
        XCTAssertGreaterThan(quoted, 10, "expected chapter 7 to quote the recordings")
        XCTAssertTrue(values["bench.command"]?.contains("tutorial bench --json") == true)
        XCTAssertTrue(values["compare.machine"]?.contains("Benchmarks/compare.sh") == true)
        XCTAssertTrue(values["tf.machine"]?.contains("Benchmarks/tf_seeds.py") == true)
    }

    /// Chapter 8 quotes TensorFlow's spread over seeds from the committed recording: 20 seeds,
    /// the notebook's 2,000 steps, and its figures are the recording's own.
    func testTheTensorFlowSeedsAreRecordedInFull() throws {
        let seeds = try XCTUnwrap(try BookContents.recordedTensorFlowSeeds(Self.root))
        XCTAssertEqual(seeds.results.map(\.seed), Array(0...19))
        XCTAssertEqual(seeds.steps, 2000)
        XCTAssertTrue(seeds.results.allSatisfy { (0...1).contains($0.heldoutAccuracy) })
        let values = BookContents.tensorFlowValues(seeds)
        let lowest = seeds.results.min { $0.heldoutAccuracy < $1.heldoutAccuracy }!
        XCTAssertEqual(values["tf.lowest"], Format.percent(lowest.heldoutAccuracy) + " (seed \(lowest.seed))")
        XCTAssertEqual(values["tf.seeds"], "20")
    }

    func testTheSweepCoversEveryHiddenSizeWithItsMachineAndCommand() throws {
        let sweep = try XCTUnwrap(try BookContents.recordedSweep(Self.root))
        XCTAssertEqual(sweep.points.map(\.hidden), [32, 64, 128, 192, 256, 384, 512])
        XCTAssertTrue(sweep.points.allSatisfy { $0.gflops > 0 && $0.seconds > 0 })
        XCTAssertTrue(sweep.command.hasPrefix("Benchmarks/hidden-sweep.sh"))
        XCTAssertFalse(sweep.machine.cpu.isEmpty)
        // The product alone on one core, beside one core's peak: no product beats the peak.
        let peak = try XCTUnwrap(sweep.corePeakGflops)
        for point in sweep.points {
            let fromMemory = try XCTUnwrap(point.productFromMemoryGflops)
            let inCache = try XCTUnwrap(point.productInCacheGflops)
            XCTAssertTrue(fromMemory > 0 && inCache > 0 && inCache <= 1.1 * peak, "H = \(point.hidden)")
        }
        XCTAssertEqual(sweep.plot.series.map(\.name), ["training, 2 cores", "the product alone, 1 core"])
    }

    /// A recording made before `bench` measured the product still plots its one line.
    func testASweepWithoutTheProductPlotsTraining() throws {
        let text =
            #"{"machine": {"cpu": "x", "cores": 2, "build": "release", "vector_extensions": ["avx2"]}, "#
            + #""command": "c", "points": [{"hidden": 32, "gflops": 60, "seconds": 0.1}]}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let sweep = try decoder.decode(HiddenSweep.self, from: Data(text.utf8))
        XCTAssertNil(sweep.corePeakGflops)
        XCTAssertEqual(sweep.plot.series.map(\.name), ["training, 2 cores"])
    }

    func testARecordingThatIsNotOneIsRefusedWithTheFileAndTheCommandThatWritesIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("recordings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Benchmarks"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertNil(try BookContents.recordedSweep(root), "no file, no sweep")
        let file = root.appendingPathComponent("Benchmarks/hidden-sweep.json")
        func refusal(_ text: String) -> String? {
            try? Data(text.utf8).write(to: file)
            do { _ = try BookContents.recordedSweep(root); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(
            refusal("not json"),
            "Benchmarks/hidden-sweep.json: not the output of "
                + "`Benchmarks/hidden-sweep.sh`; run it again or delete the file")
        let empty =
            #"{"machine": {"cpu": "x", "cores": 2, "build": "release", "vector_extensions": []}, "command": "c", "points": []}"#
        XCTAssertEqual(refusal(empty), "Benchmarks/hidden-sweep.json: no points; run Benchmarks/hidden-sweep.sh again")
        try Data("{}".utf8).write(to: root.appendingPathComponent("Benchmarks/compare.json"))
        XCTAssertThrowsError(try BookContents.recordedComparison(root)) {
            XCTAssertEqual(
                "\($0)",
                "Benchmarks/compare.json: not the output of `Benchmarks/compare.sh --json`; "
                    + "run it again or delete the file")
        }
        // The TensorFlow seeds: not its output, or a run that did not finish.
        let tf = root.appendingPathComponent("Benchmarks/tf-seeds.json")
        try Data("[]".utf8).write(to: tf)
        XCTAssertThrowsError(try BookContents.recordedTensorFlowSeeds(root)) {
            XCTAssertEqual(
                "\($0)",
                "Benchmarks/tf-seeds.json: not the output of `Benchmarks/tf_seeds.py`; run it again or delete the file")
        }
        let unfinished =
            #"{"tf_seeds_results": 1, "cpu": "x", "cpu_count": 2, "versions": {}, "steps": 2000, "held_out": 10000, "#
            + #""complete": false, "results": [{"seed": 0, "heldout_accuracy": 0.97}]}"#
        try Data(unfinished.utf8).write(to: tf)
        XCTAssertThrowsError(try BookContents.recordedTensorFlowSeeds(root)) {
            XCTAssertEqual("\($0)", "Benchmarks/tf-seeds.json: an unfinished run; run Benchmarks/tf_seeds.py again")
        }
    }
}
