import Batches
import Foundation
import Generator
import Loss
import Model
import NumericCore
import Parameters
import TestSupport
import XCTest

/// The padding costs nothing and changes nothing.
final class MaskingTests: XCTestCase {
    let hp = Hyperparameters()
    lazy var model = LSTMClassifier(hp, seed: 3)

    func batch(seed: UInt64, count: Int = 16) -> Batch {
        var generator = ToySequences(hp, seed: seed)
        return Batch((0..<count).map { _ in generator.next() }, hp)
    }

    func gradients(_ batch: Batch) -> (logits: [Float], gradients: [Float]) {
        let logits = model.forward(batch)
        model.zeroGradients()
        model.backward(softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: 2).dLogits)
        return (logits, model.gradients)
    }

    func testPaddingValuesNeverChangeOutputsOrGradients() {
        let original = batch(seed: 1)
        var garbage = original
        var random = Xoshiro256(seed: 2)
        for row in 0..<garbage.count {
            for t in garbage.lengths[row]..<garbage.maxLength {
                garbage.inputs[row * garbage.maxLength + t] = random.float(in: -1e6...1e6)
            }
        }
        let (a, b) = (gradients(original), gradients(garbage))
        XCTAssertEqual(a.logits, b.logits)
        XCTAssertEqual(a.gradients, b.gradients)
    }

    func testMorePaddingChangesNothing() {
        let original = batch(seed: 4)
        let extra = 13
        let longer = Batch(
            inputs: (0..<original.count).flatMap { row in
                Array(original.inputs[(row * original.maxLength)..<((row + 1) * original.maxLength)])
                    + [Float](repeating: hp.maskValue, count: extra)
            },
            lengths: original.lengths, labels: original.labels, maxLength: original.maxLength + extra)
        let (a, b) = (gradients(original), gradients(longer))
        XCTAssertEqual(a.logits, b.logits)
        XCTAssertEqual(a.gradients, b.gradients)
    }

    /// Each row is computed by itself, in the same order of operations,
    /// whatever else is in the batch: the logits are bit-identical.
    func testASequenceGivesTheSameResultAloneOrInABatch() {
        let full = batch(seed: 5)
        let together = model.forward(full)
        for row in 0..<full.count {
            let alone = Batch(
                inputs: Array(full.inputs[(row * full.maxLength)..<((row + 1) * full.maxLength)]),
                lengths: [full.lengths[row]], labels: [full.labels[row]], maxLength: full.maxLength)
            XCTAssertEqual(model.forward(alone), Array(together[(row * 2)..<(row * 2 + 2)]), "row \(row)")
        }
    }

    /// The gradient of a batch's mean loss is the mean of the sequences' gradients.
    func testBatchGradientIsTheMeanOfSequenceGradients() {
        let full = batch(seed: 6, count: 5)
        let together = gradients(full).gradients
        var sum = [Double](repeating: 0, count: together.count)
        for row in 0..<full.count {
            let alone = Batch(
                inputs: Array(full.inputs[(row * full.maxLength)..<((row + 1) * full.maxLength)]),
                lengths: [full.lengths[row]], labels: [full.labels[row]], maxLength: full.maxLength)
            for (i, g) in gradients(alone).gradients.enumerated() { sum[i] += Double(g) }
        }
        assertClose(together, sum.map { Float($0 / Double(full.count)) }, "batch gradient")
    }

    /// The packed computation against a plain LSTM that steps over all T
    /// timesteps and applies Keras's mask rule (carry h and c through a
    /// masked step), in double precision.
    func testPackedComputationEqualsSteppingOverTheMask() {
        let full = batch(seed: 7)
        let logits = model.forward(full)
        let w = model.weights.map(Double.init)
        let layout = model.layout
        let h = layout.hiddenSize
        func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        for row in 0..<full.count {
            var (state, cell) = ([Double](repeating: 0, count: h), [Double](repeating: 0, count: h))
            for t in 0..<full.maxLength {
                let x = Double(full.inputs[row * full.maxLength + t])
                if x == Double(hp.maskValue) { continue }  // masked: h and c carried unchanged
                var z = (0..<(4 * h)).map { j in w[layout.bias.offset + j] + x * w[layout.kernel.offset + j] }
                for k in 0..<h {
                    for j in 0..<(4 * h) { z[j] += state[k] * w[layout.recurrentKernel.offset + k * 4 * h + j] }
                }
                for j in 0..<h {
                    let (i, f, g, o) = (sigmoid(z[j]), sigmoid(z[h + j]), Foundation.tanh(z[2 * h + j]), sigmoid(z[3 * h + j]))
                    cell[j] = f * cell[j] + i * g
                    state[j] = o * Foundation.tanh(cell[j])
                }
            }
            for c in 0..<2 {
                var sum = w[layout.denseBias.offset + c]
                for k in 0..<h { sum += state[k] * w[layout.denseKernel.offset + k * 2 + c] }
                assertClose([logits[row * 2 + c]], [Float(sum)], "logit \(c) of row \(row)")
            }
        }
    }
}
