import Generator
import Loss
import Engine
import Model
import Optimization
import TestSupport
import XCTest

/// The model against tensors computed by Keras (Tests/Fixtures/keras): same weights and batch in, the same logits,
/// loss, gradients and Adam steps out, within 1e-5 relative or 1e-6 absolute.
final class KerasReferenceTests: XCTestCase {
    var reference: KerasReference!
    var model: LSTMClassifier!

    override func setUpWithError() throws {
        reference = try KerasReference.load()
        model = LSTMClassifier(
            layout: reference.layout, weights: KerasReference.flat(reference.weights, reference.layout))
    }

    /// Keras's mask (input == -1) covers exactly the timesteps after each sequence's length.
    func testMaskGivesTheReferenceLengths() throws {
        let rows = stride(from: 0, to: reference.inputs.x.data.count, by: 20).map {
            reference.inputs.x.data[$0..<($0 + 20)]
        }
        XCTAssertEqual(
            rows.map { $0.map { $0 == -1 } },
            reference.inputs.lengths.map { length in (0..<20).map { $0 >= length } })
    }

    func testForwardMatchesKeras() {
        let logits = model.forward(reference.batch)
        assertClose(logits, reference.outputs.logits.data, "logits")
        assertClose(softmax(logits: logits, classCount: 2), reference.outputs.probabilities.data, "probabilities")
        let (loss, _) = softmaxCrossEntropy(logits: logits, labels: reference.inputs.y, classCount: 2)
        assertClose([loss], [reference.outputs.loss], "loss")
        XCTAssertEqual(accuracy(logits: logits, labels: reference.inputs.y, classCount: 2), reference.outputs.accuracy)
    }

    func testGradientsMatchKeras() {
        let logits = model.forward(reference.batch)
        let (_, dLogits) = softmaxCrossEntropy(logits: logits, labels: reference.inputs.y, classCount: 2)
        model.zeroGradients()
        model.backward(dLogits)
        for slice in reference.layout.tensors {
            assertClose(
                Array(model.gradients[slice.range]), reference.gradients[slice.name]!.data,
                "gradient of \(slice.name)")
        }
    }

    func testThreeAdamStepsMatchKeras() {
        var optimizer = Optimizer(model: model, learningRate: 0.001)
        for (t, expected) in reference.adam_steps.enumerated() {
            let (loss, _) = optimizer.step(on: reference.batch)
            assertClose([loss], [expected.loss_before_step], "loss before step \(t + 1)")
            for slice in reference.layout.tensors {
                assertClose(
                    Array(model.weights[slice.range]), expected.weights_after_step[slice.name]!.data,
                    "\(slice.name) after step \(t + 1)")
            }
        }
    }
}
