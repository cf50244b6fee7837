import Batches
import Engine
import Foundation
import Model
import Parameters
import XCTest

/// Asserts that two tensors agree elementwise within `relative` of the
/// expected value or `absolute`, whichever is larger, and on failure prints
/// the worst element: expected, observed and the difference.
public func assertClose(
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
        XCTFail(
            "\(what)[\(i)]: expected \(expected[i]), observed \(observed[i]), "
                + "difference \(abs(observed[i] - expected[i]))", file: file, line: line)
    }
}

/// Tests/Fixtures/keras/keras-lstm.json, decoded: what Keras computed for one batch and three Adam steps.
public struct KerasReference: Decodable {
    public struct TensorValue: Decodable {
        public var shape: [Int]
        public var data: [Float]
    }
    public struct Inputs: Decodable {
        public var x: TensorValue
        public var y: [Int]
        public var lengths: [Int]
    }
    public struct Outputs: Decodable {
        public var logits: TensorValue
        public var probabilities: TensorValue
        public var loss: Float
        public var accuracy: Float
    }
    public struct AdamStep: Decodable {
        public var loss_before_step: Float
        public var weights_after_step: [String: TensorValue]
    }
    public var weights: [String: TensorValue]
    public var inputs: Inputs
    public var outputs: Outputs
    public var gradients: [String: TensorValue]
    public var adam_steps: [AdamStep]

    public static func load() throws -> KerasReference {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.kerasJSON))
        return try JSONDecoder().decode(KerasReference.self, from: data)
    }

    /// Named tensors laid out in one flat buffer, checking every shape.
    public static func flat(_ tensors: [String: TensorValue], _ layout: ParameterLayout) -> [Float] {
        var flat = [Float](repeating: .nan, count: layout.count)
        for slice in layout.tensors {
            let tensor = tensors[slice.name]!
            precondition(tensor.shape == slice.shape, "\(slice.name): shape \(tensor.shape), expected \(slice.shape)")
            flat.replaceSubrange(slice.range, with: tensor.data)
        }
        return flat
    }

    public var layout: ParameterLayout { ParameterLayout(hiddenSize: 32, classCount: 2) }

    public var batch: Batch {
        Batch(inputs: inputs.x.data, lengths: inputs.lengths, labels: inputs.y, maxLength: inputs.x.shape[1])
    }
}
