import Batches
import Engine
import Generator
import Loss
import Model
import NumericCore
import Parameters
import TestSupport
import XCTest

/// The reference LSTM of chapter 3 against Keras's numbers, and the fast
/// engine against the reference.
final class ReferenceLSTMTests: XCTestCase {
    func testReferenceMatchesKeras() throws {
        let keras = try KerasReference.load()
        let layout = keras.layout
        let weights = ModelWeights<Float>(KerasReference.flat(keras.weights, layout), layout)
        let logits = ReferenceModel.logits(keras.batch, maskValue: -1, weights)
        assertClose(logits.flatMap { $0 }, keras.outputs.logits.data, "reference logits")

        let dLogits = softmaxCrossEntropy(logits: logits.flatMap { $0 }, labels: keras.inputs.y, classCount: 2).dLogits
        let gradients = ReferenceModel.gradients(
            keras.batch, maskValue: -1, weights, dLogits: rows(dLogits, width: 2))
        for (slice, gradient) in zip(layout.tensors, gradients.tensors) {
            assertClose(gradient, keras.gradients[slice.name]!.data, "reference gradient of \(slice.name)")
        }
    }

    /// Random batches of every length from 0 to T, with weights spread wider
    /// than Keras's initialisation so that no gate sits in its linear range;
    /// with the tutorial's 32 units, and with sizes that are not multiples of
    /// 16 (the engine's vector), so that its tails are checked too.
    func testEngineMatchesReferenceOnMixedLengths() {
        for (seed, hiddenSize): (UInt64, Int) in [(1, 32), (2, 32), (3, 32), (4, 20), (5, 5), (6, 40)] {
            var hp = Hyperparameters()
            hp.hiddenSize = hiddenSize
            let model = LSTMClassifier(hp, seed: seed)
            var random = Xoshiro256(seed: seed &+ 100)
            for i in model.weights.indices { model.weights[i] += random.float(in: -0.3...0.3) }
            var generator = ToySequences(hp, seed: seed &+ 200)
            let sequences = (0..<40).map { row -> LabeledSequence in
                let length = row <= hp.maxLength ? row : random.int(in: 0...hp.maxLength)
                return LabeledSequence(values: (0..<length).map { _ in generator.next().values[0] }, label: row % 2)
            }
            let batch = Batch(sequences, hp)
            let dLogits = (0..<(batch.count * 2)).map { _ in random.float(in: -1...1) }

            let logits = model.forward(batch)
            model.zeroGradients()
            model.backward(dLogits)
            let weights = ModelWeights<Float>(model.weights, model.layout)
            let reference = ReferenceModel.logits(batch, maskValue: hp.maskValue, weights)
            assertClose(logits, reference.flatMap { $0 }, "logits, seed \(seed), H = \(hiddenSize)")
            let gradients = ReferenceModel.gradients(
                batch, maskValue: hp.maskValue, weights, dLogits: rows(dLogits, width: 2))
            // Each gradient is a Float sum of up to 800 terms, added in another
            // order by the engine (one product over all timesteps).
            for (slice, gradient) in zip(model.layout.tensors, gradients.tensors) {
                assertClose(
                    Array(model.gradients[slice.range]), gradient, relative: 1e-4, absolute: 1e-5,
                    "gradient of \(slice.name), seed \(seed), H = \(hiddenSize)")
            }
        }
    }
}

/// A flat row-major buffer as its rows.
func rows<Scalar>(_ flat: [Scalar], width: Int) -> [[Scalar]] {
    stride(from: 0, to: flat.count, by: width).map { Array(flat[$0..<($0 + width)]) }
}
