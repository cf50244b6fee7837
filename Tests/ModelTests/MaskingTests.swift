import Batches
import Foundation
import Generator
import Loss
import Engine
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
}
