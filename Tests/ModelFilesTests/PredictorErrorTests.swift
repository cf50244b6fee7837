import Foundation
import ModelFiles
import Safetensors
import TestSupport
import XCTest

/// Every way a weights file or an input file can be wrong reaches `predict`
/// as one line naming the file.
final class PredictorErrorTests: XCTestCase {
    var folder: URL!
    var input: String!

    override func setUpWithError() throws {
        folder = try temporaryFolder(self)
        input = try writeText("1, 2, 3\n4617 4618 4619\n", named: "in.txt", in: folder)
    }

    /// Asserts that `predict` with `weights` fails with exactly `message`, on one line.
    func assertPredictFails(
        weights: String, input: String? = nil, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try Predictor.lines(weights: weights, input: input ?? self.input, format: .text),
            file: file, line: line
        ) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), "the message is one line", file: file, line: line)
        }
    }

    func variant(_ name: String, _ change: (inout SafetensorsFile) -> Void) throws -> String {
        try kerasVariant(named: name, in: folder, change)
    }

    func testAFileThatIsMissingOrNotSafetensors() throws {
        let missing = folder.appendingPathComponent("missing.safetensors").path
        assertPredictFails(weights: missing, "\(missing): no such file")
        assertPredictFails(
            weights: Fixtures.kerasJSON,
            "\(Fixtures.kerasJSON): header length 2482738415840338555"
                + " is larger than the 493087 bytes after it")
        assertPredictFails(weights: folder.path, "\(folder.path): cannot be read (it is a folder)")
    }

    func testMissingOrWrongMetadata() throws {
        let noUnits = try variant("a.safetensors") { $0.metadata["units"] = nil }
        assertPredictFails(
            weights: noUnits,
            "\(noUnits): no metadata \"units\" (is this a model saved by `tutorial train --save`?)")
        let format = try variant("b.safetensors") { $0.metadata["format"] = "gpt2" }
        assertPredictFails(
            weights: format,
            "\(format): metadata \"format\" is \"gpt2\": expected \"keras-lstm-classifier\"")
        let units = try variant("c.safetensors") { $0.metadata["units"] = "32.0" }
        assertPredictFails(weights: units, "\(units): metadata \"units\" is \"32.0\": not a whole number")
        let mask = try variant("d.safetensors") { $0.metadata["mask_value"] = "minus one" }
        assertPredictFails(weights: mask, "\(mask): metadata \"mask_value\" is \"minus one\": not a number")
    }

    func testMetadataOutsideTheTutorialsLimits() throws {
        let mask = try variant("a.safetensors") { $0.metadata["mask_value"] = "0.5" }
        assertPredictFails(
            weights: mask,
            "\(mask): metadata \"mask_value\" is \"0.5\": maskValue must be finite"
                + " and outside 0..<1, the range scaled data takes")
        let length = try variant("b.safetensors") { $0.metadata["seq_max_len"] = "0" }
        assertPredictFails(
            weights: length, "\(length): metadata \"seq_max_len\" is \"0\": maxLength must be in 1...1000")
        let units = try variant("c.safetensors") { $0.metadata["units"] = "1000000000" }
        assertPredictFails(
            weights: units, "\(units): metadata \"units\" is \"1000000000\": hiddenSize must be in 1...1024")
    }

    func testBadClassNames() throws {
        let cases = [
            ("linear,,random", "a class name is empty"),
            ("linear,linear", "a class name appears twice"),
            ("linear,ran\ndom", "a class name holds a control character or line break"),
            ("linear,random,other", "classCount must be 2 (the generator makes linear and random sequences)")
        ]
        for (index, (classes, reason)) in cases.enumerated() {
            let path = try variant("\(index).safetensors") { $0.metadata["classes"] = classes }
            assertPredictFails(weights: path, "\(path): metadata \"classes\" is \(classes.debugDescription): \(reason)")
        }
    }

    /// `units` says 16, so the tensors, which are for 32, have the wrong shape.
    func testTensorsThatDoNotFitTheMetadata() throws {
        let units = try variant("a.safetensors") { $0.metadata["units"] = "16" }
        assertPredictFails(weights: units, "\(units): tensor \"lstm/kernel\" has shape [1, 128], expected [1, 64]")
        let missing = try variant("b.safetensors") { $0.tensors.removeAll { $0.name == "dense/bias" } }
        assertPredictFails(weights: missing, "\(missing): no tensor \"dense/bias\"")
        let extra = try variant("c.safetensors") {
            $0.tensors.append(Tensor(name: "lstm2/kernel", shape: [1], values: [0]))
        }
        assertPredictFails(weights: extra, "\(extra): tensor \"lstm2/kernel\" is not part of the model")
    }

    func testANonFiniteWeight() throws {
        let path = try variant("nan.safetensors") { file in
            let index = file.tensors.firstIndex { $0.name == "lstm/bias" }!
            file.tensors[index].values[40] = .nan
        }
        assertPredictFails(
            weights: path, "\(path): tensor \"lstm/bias\" holds nan at element 40; weights must be finite")
    }

    func testABadInputLineIsNamedByFileAndLine() throws {
        let bad = try writeText("1, 2, 3\n4617 4618 x\n", named: "bad.txt", in: folder)
        assertPredictFails(weights: Fixtures.kerasWeights, input: bad, "\(bad):2: \"x\" is not a number")
        let range = try writeText("10000\n", named: "range.txt", in: folder)
        assertPredictFails(
            weights: Fixtures.kerasWeights, input: range,
            "\(range):1: 10000 is out of range (values must be at least 0 and below 10000)")
        let missing = folder.appendingPathComponent("nothing.txt").path
        assertPredictFails(weights: Fixtures.kerasWeights, input: missing, "\(missing): no such file")
    }
}
