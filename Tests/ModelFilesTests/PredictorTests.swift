import Foundation
import ModelFiles
import Safetensors
import TestSupport
import XCTest

/// `predict` on Keras's weights gives Keras's probabilities, through the
/// function the command line prints.
final class PredictorTests: XCTestCase {
    func testKerasPredictionsAreReproducedWithin1e5() throws {
        let (sequences, expected) = try Fixtures.kerasPredictionReference()
        let input = try writeText(sequenceLines(sequences), named: "sequences.txt", in: temporaryFolder(self))
        let lines = try Predictor.lines(weights: Fixtures.kerasWeights, input: input, format: .jsonLines)
        XCTAssertEqual(lines.count, sequences.count, "one output line per input line")

        for (index, (line, keras)) in zip(lines, expected).enumerated() {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            let probabilities = try XCTUnwrap(object["probabilities"] as? [Double], line).map(Float.init)
            let worst = zip(probabilities, keras).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertEqual(probabilities.count, 2, "line \(index + 1): \(line)")
            XCTAssertLessThanOrEqual(worst, 1e-5, "line \(index + 1): ours \(probabilities), Keras \(keras)")
            let kerasClass = keras[0] >= keras[1] ? "linear" : "random"
            XCTAssertEqual(object["class"] as? String, kerasClass, "line \(index + 1): \(line)")
        }
    }

    func testTextOutputIsAlignedWithSixDecimals() throws {
        let (sequences, _) = try Fixtures.kerasPredictionReference()
        let input = try writeText(
            sequenceLines(Array(sequences.prefix(3))), named: "three.txt",
            in: temporaryFolder(self))
        XCTAssertEqual(
            try Predictor.lines(weights: Fixtures.kerasWeights, input: input, format: .text),
            [
                "linear  p(linear)=0.525106  p(random)=0.474894",
                "linear  p(linear)=0.548195  p(random)=0.451805",
                "linear  p(linear)=0.555958  p(random)=0.444042"
            ])
    }

    /// The JSON numbers are the shortest text that reads back as the same Float.
    func testJSONProbabilitiesReadBackAsExactlyTheSameFloats() throws {
        let predictor = try Predictor(weights: Fixtures.kerasWeights)
        let sequences = try Fixtures.kerasPredictionReference().sequences.map { $0.map(Double.init) }
        for prediction in predictor.predict(sequences) {
            let line = predictor.line(prediction, format: .jsonLines)
            let inside = try XCTUnwrap(line.split(separator: "[").last?.split(separator: "]").first, line)
            let printed = inside.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            XCTAssertEqual(printed, prediction.probabilities, line)
        }
    }

    /// More sequences than go through the model at once come out in order, as if one by one.
    func testLargeInputsArePredictedInOrderAcrossChunks() throws {
        let predictor = try Predictor(weights: Fixtures.kerasWeights)
        let sequences = (0..<1003).map { start in (0..<(5 + start % 16)).map { Double((start * 7 + $0) % 10_000) } }
        let all = predictor.predict(sequences)
        XCTAssertEqual(all.count, sequences.count)
        for index in [0, 999, 1000, 1002] {
            let alone = predictor.predict([sequences[index]])[0]
            let difference = zip(all[index].probabilities, alone.probabilities).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(difference, 1e-6, "sequence \(index): \(all[index]) in the batch, \(alone) alone")
        }
    }

    /// `seq_max_len` and `max_value` come from the file: a model saved with
    /// max_value 20000 sees doubled raw values as Keras's sees the originals,
    /// and accepts a longer line when seq_max_len allows it.
    func testInputHandlingComesFromTheFile() throws {
        let folder = try temporaryFolder(self)
        let path = try kerasVariant(named: "wide.safetensors", in: folder) {
            $0.metadata["max_value"] = "20000"
            $0.metadata["seq_max_len"] = "25"
        }
        let (sequences, _) = try Fixtures.kerasPredictionReference()
        let original = try Predictor(weights: Fixtures.kerasWeights).predict(sequences.map { $0.map(Double.init) })
        let doubled = try Predictor(weights: path).predict(sequences.map { $0.map { Double(2 * $0) } })
        XCTAssertEqual(doubled, original)

        let long = try writeText((1...25).map(String.init).joined(separator: " "), named: "long.txt", in: folder)
        XCTAssertEqual(try Predictor.lines(weights: path, input: long, format: .text).count, 1)
        XCTAssertThrowsError(try Predictor.lines(weights: Fixtures.kerasWeights, input: long, format: .text)) {
            XCTAssertEqual("\($0)", "\(long):1: 25 values, more than the model's 20")
        }
    }

    /// Finite weights that overflow give probabilities that are not numbers: an error naming the file, not an answer.
    func testAnswersThatAreNotNumbersAreAnError() throws {
        let folder = try temporaryFolder(self)
        let path = try kerasVariant(named: "huge.safetensors", in: folder) { file in
            for index in file.tensors.indices where file.tensors[index].name.hasPrefix("dense") {
                file.tensors[index].values = file.tensors[index].values.map { $0 < 0 ? -3.4e38 : 3.4e38 }
            }
        }
        let input = try writeText("4617 4618 4619\n1 2 3\n", named: "in.txt", in: folder)
        for format in [Predictor.OutputFormat.text, .jsonLines] {
            XCTAssertThrowsError(try Predictor.lines(weights: path, input: input, format: format)) {
                XCTAssertEqual(
                    "\($0)",
                    "\(path): the model's probabilities for \(input):1 are not numbers (the weights are so "
                        + "large that the computation overflows); these weights cannot classify")
            }
        }
    }

    /// Text from the file reaches the terminal escaped: a newline cannot forge a second line of a
    /// message, a bidi override cannot reorder an answer.
    func testNamesFromTheFileAreEscapedInMessagesAndAnswers() throws {
        let folder = try temporaryFolder(self)
        let forged = try kerasVariant(named: "forged.safetensors", in: folder) {
            $0.tensors.append(Tensor(name: "x\nerror: forged", shape: [1], values: [0]))
        }
        XCTAssertThrowsError(try Predictor(weights: forged)) { error in
            XCTAssertFalse("\(error)".contains("\n"), "\(error)")
            XCTAssert("\(error)".contains("x\\nerror: forged"), "\(error)")
        }
        let bidi = try kerasVariant(named: "bidi.safetensors", in: folder) {
            $0.metadata["classes"] = "lin\u{202E}ear,random"
        }
        let input = try writeText("4617 4618 4619\n", named: "in.txt", in: folder)
        let answer = try XCTUnwrap(Predictor.lines(weights: bidi, input: input, format: .text).first)
        XCTAssertFalse(answer.unicodeScalars.contains("\u{202E}"), answer)
        XCTAssert(answer.contains("lin\\u{202E}ear"), answer)
    }
}
