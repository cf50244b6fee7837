import Foundation
import Generator
import Engine
import Model
import Parameters
import XCTest

/// The repository's `Tests/Fixtures` folder.
let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Asserts that two tensors agree elementwise within `relative` of the
/// expected value or `absolute`, whichever is larger, and on failure prints
/// the worst element: expected, observed and the difference.
func assertClose(
    _ observed: [Float], _ expected: [Float], relative: Float = 1e-5, absolute: Float = 1e-6,
    _ what: String, file: StaticString = #filePath, line: UInt = #line
) {
    guard observed.count == expected.count else {
        XCTFail("\(what): \(observed.count) values, expected \(expected.count)", file: file, line: line)
        return
    }
    var worst: (index: Int, excess: Float)? = nil
    for i in observed.indices {
        let tolerance = max(absolute, relative * abs(expected[i]))
        let error = abs(observed[i] - expected[i])
        if !(error <= tolerance), error - tolerance > (worst?.excess ?? -1) { worst = (i, error - tolerance) }
    }
    if let (i, _) = worst {
        XCTFail("\(what)[\(i)]: expected \(expected[i]), observed \(observed[i]), "
                + "difference \(abs(observed[i] - expected[i]))", file: file, line: line)
    }
}

/// ../shared/reference/keras-lstm.json, decoded.
struct KerasReference: Decodable {
    struct TensorValue: Decodable {
        var shape: [Int]
        var data: [Float]
    }
    struct Inputs: Decodable {
        var x: TensorValue
        var y: [Int]
        var lengths: [Int]
    }
    struct Outputs: Decodable {
        var logits: TensorValue
        var probabilities: TensorValue
        var loss: Float
        var accuracy: Float
    }
    struct AdamStep: Decodable {
        var loss_before_step: Float
        var weights_after_step: [String: TensorValue]
    }
    var weights: [String: TensorValue]
    var inputs: Inputs
    var outputs: Outputs
    var gradients: [String: TensorValue]
    var adam_steps: [AdamStep]

    static func load() throws -> KerasReference {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("keras/keras-lstm.json"))
        return try JSONDecoder().decode(KerasReference.self, from: data)
    }

    /// Named tensors laid out in one flat buffer, checking every shape.
    static func flat(_ tensors: [String: TensorValue], _ layout: ParameterLayout) -> [Float] {
        var flat = [Float](repeating: .nan, count: layout.count)
        for slice in layout.tensors {
            let tensor = tensors[slice.name]!
            precondition(tensor.shape == slice.shape, "\(slice.name): shape \(tensor.shape), expected \(slice.shape)")
            flat.replaceSubrange(slice.range, with: tensor.data)
        }
        return flat
    }

    var layout: ParameterLayout { ParameterLayout(hiddenSize: 32, classCount: 2) }

    var batch: Batch {
        Batch(inputs: inputs.x.data, lengths: inputs.lengths, labels: inputs.y, maxLength: inputs.x.shape[1])
    }
}
