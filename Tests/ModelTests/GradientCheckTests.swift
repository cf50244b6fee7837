import Batches
import Generator
import Loss
import Engine
import Model
import NumericCore
import Parameters
import TestSupport
import XCTest

/// Backpropagation against finite differences: for every parameter of every
/// tensor, (L(w + ε) - L(w - ε)) / 2ε must match the gradient the backward
/// pass computes. A small model (H = 5, not a multiple of the 16-lane
/// vectors) and a batch of 7 mixed lengths exercise the partial tiles and
/// the shrinking batch.
final class GradientCheckTests: XCTestCase {
    func testBackwardMatchesFiniteDifferences() {
        var hp = Hyperparameters()
        hp.hiddenSize = 5
        hp.maxLength = 9
        hp.minLength = 1
        let model = LSTMClassifier(hp, seed: 11)
        // Larger weights than Keras's init, so that no gate is near-linear.
        var random = Xoshiro256(seed: 12)
        for i in model.weights.indices { model.weights[i] += random.float(in: -0.5...0.5) }
        let lengths = [9, 1, 4, 9, 6, 2, 5]
        var generator = ToySequences(hp, seed: 13)
        let sequences = lengths.enumerated().map { row, length in
            LabeledSequence(values: (0..<length).map { _ in generator.next().values[0] }, label: row % 2)
        }
        let batch = Batch(sequences, hp)

        func loss() -> Double {
            let logits = model.forward(batch)
            return Double(softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: 2).loss)
        }
        let (_, dLogits) = softmaxCrossEntropy(logits: model.forward(batch), labels: batch.labels, classCount: 2)
        model.zeroGradients()
        model.backward(dLogits)
        let analytic = model.gradients

        let epsilon: Float = 1e-2
        for slice in model.layout.tensors {
            var numeric = [Float]()
            for i in slice.range {
                let saved = model.weights[i]
                model.weights[i] = saved + epsilon
                let plus = loss()
                model.weights[i] = saved - epsilon
                let minus = loss()
                model.weights[i] = saved
                numeric.append(Float((plus - minus) / (2 * Double(epsilon))))
            }
            // Float loss differences over ε = 1e-2 are good to about 1e-5;
            // the second-order error of the central difference is of the same order.
            assertClose(
                Array(analytic[slice.range]), numeric, relative: 1e-2, absolute: 2e-4,
                "finite-difference gradient of \(slice.name)")
        }
    }
}
