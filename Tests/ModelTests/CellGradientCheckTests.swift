import Batches
import Engine
import Generator
import Loss
import Model
import NumericCore
import Parameters
import TestSupport
import XCTest

/// The plain RNN and the GRU against finite differences, as
/// `GradientCheckTests` checks the LSTM: for every parameter of every
/// tensor, (L(w + ε) - L(w - ε)) / 2ε must match the gradient that
/// backpropagation through time computes. The references in double
/// precision, to 1e-6; the fast path in Float, to the LSTM's tolerance. A
/// small model (H = 5) and a batch of 7 mixed lengths, padded, so that
/// masked steps are crossed too.
final class CellGradientCheckTests: XCTestCase {
    func testSimpleRNNBackwardMatchesFiniteDifferences() {
        check(.simpleRNN)
    }

    func testGRUBackwardMatchesFiniteDifferences() {
        check(.gru)
    }

    /// The fast path too, in Float, exactly as `GradientCheckTests` checks
    /// the LSTM's engine: the loss is the real cross-entropy.
    func testFastPathBackwardMatchesFiniteDifferences() {
        for cell in RecurrentCell.allCases {
            var hp = Hyperparameters()
            hp.hiddenSize = 5
            hp.maxLength = 9
            hp.minLength = 1
            let model = CellClassifier(cell, hp, seed: 11)
            var random = Xoshiro256(seed: 12)
            for i in model.weights.indices { model.weights[i] += random.float(in: -0.5...0.5) }
            let batch = mixedBatch(hp, lengths: [9, 1, 4, 9, 6, 2, 5], seed: 13)
            func loss() -> Double {
                let logits = model.forward(batch)
                return Double(softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: 2).loss)
            }
            let (_, dLogits) = softmaxCrossEntropy(
                logits: model.forward(batch), labels: batch.labels, classCount: 2)
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
                assertClose(
                    Array(analytic[slice.range]), numeric, relative: 1e-2, absolute: 2e-4,
                    "finite-difference gradient of \(slice.name)")
            }
        }
    }

    func check(_ cell: RecurrentCell, file: StaticString = #filePath, line: UInt = #line) {
        var hp = Hyperparameters()
        hp.hiddenSize = 5
        hp.maxLength = 9
        hp.minLength = 1
        let model = CellClassifier(cell, hp, seed: 11)
        // Larger weights than Keras's init (whose biases are zero), so that no
        // gate is near-linear and every bias matters.
        var random = Xoshiro256(seed: 12)
        for i in model.weights.indices { model.weights[i] += random.float(in: -0.5...0.5) }
        let layout = model.layout
        let batch = mixedBatch(hp, lengths: [9, 1, 4, 9, 6, 2, 5], seed: 13)

        // L = Σ c·logits with fixed random c: any dL/dlogits will do, since the
        // backward pass is linear in it, and this one makes it exact.
        let c = (0..<batch.count).map { _ in (0..<2).map { _ in Double(random.float(in: -1...1)) } }
        func loss(_ flat: [Double]) -> Double {
            let logits = ReferenceCellModel.logits(batch, maskValue: hp.maskValue, CellWeights<Double>(flat, layout))
            return zip(logits, c).reduce(0) { sum, row in sum + zip(row.0, row.1).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        let weights = CellWeights<Double>(model.weights, layout)
        let analytic = ReferenceCellModel.gradients(batch, maskValue: hp.maskValue, weights, dLogits: c).flat
        let flat = weights.flat
        XCTAssertEqual(flat.count, layout.count, file: file, line: line)

        let epsilon = 1e-5
        for slice in layout.tensors {
            var worst = 0.0
            for i in slice.range {
                var (plus, minus) = (flat, flat)
                plus[i] += epsilon
                minus[i] -= epsilon
                let numeric = (loss(plus) - loss(minus)) / (2 * epsilon)
                // O(ε²) from the central difference, ~1e-16/ε from rounding.
                let error = abs(numeric - analytic[i]) / max(abs(numeric), 1e-3)
                worst = max(worst, error)
            }
            XCTAssertLessThan(worst, 1e-6, "finite-difference gradient of \(slice.name)", file: file, line: line)
        }
        // Every tensor takes part: no gradient is identically zero.
        for slice in layout.tensors {
            XCTAssert(
                analytic[slice.range].contains { $0 != 0 }, "\(slice.name) has no gradient", file: file, line: line)
        }
    }
}

/// A batch of sequences of the given lengths (0 allowed), labels alternating,
/// values from the generator.
func mixedBatch(_ hp: Hyperparameters, lengths: [Int], seed: UInt64) -> Batch {
    var generator = ToySequences(hp, seed: seed)
    let sequences = lengths.enumerated().map { row, length in
        LabeledSequence(values: (0..<length).map { _ in generator.next().values[0] }, label: row % 2)
    }
    return Batch(sequences, hp)
}
