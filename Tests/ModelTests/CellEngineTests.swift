import Batches
import Engine
import Generator
import Loss
import Model
import NumericCore
import Parameters
import TestSupport
import XCTest

/// The fast plain RNN and GRU (`CellClassifier`) against their references,
/// the references against Keras's formulas, and the fast path's bits.
final class CellEngineTests: XCTestCase {
    /// Random batches of every length from 0 to T, and a batch of one, with
    /// weights spread wider than Keras's initialisation; with 32 units and
    /// with sizes that are not multiples of 16 (the partly filled vectors).
    func testEngineMatchesReferenceOnMixedLengths() {
        for cell in RecurrentCell.allCases {
            for (seed, hiddenSize): (UInt64, Int) in [(1, 32), (2, 5), (3, 20)] {
                var hp = Hyperparameters()
                hp.hiddenSize = hiddenSize
                let model = CellClassifier(cell, hp, seed: seed)
                var random = Xoshiro256(seed: seed &+ 100)
                for i in model.weights.indices { model.weights[i] += random.float(in: -0.3...0.3) }
                let lengths = (0..<40).map { row in row <= hp.maxLength ? row : random.int(in: 0...hp.maxLength) }
                for batch in [
                    mixedBatch(hp, lengths: lengths, seed: seed &+ 200),
                    mixedBatch(hp, lengths: [13], seed: seed &+ 300)
                ] {
                    let what = "\(cell), H = \(hiddenSize), batch of \(batch.count)"
                    let dLogits = (0..<(batch.count * 2)).map { _ in random.float(in: -1...1) }
                    let logits = model.forward(batch)
                    model.zeroGradients()
                    model.backward(dLogits)
                    // The reference in Double on the same (Float) weights: the difference is the engine's rounding.
                    let weights = CellWeights<Double>(model.weights, model.layout)
                    let reference = ReferenceCellModel.logits(batch, maskValue: hp.maskValue, weights)
                    assertClose(logits, reference.flatMap { $0.map(Float.init) }, "logits, \(what)")
                    let gradients = ReferenceCellModel.gradients(
                        batch, maskValue: hp.maskValue, weights,
                        dLogits: rows(dLogits.map(Double.init), width: 2))
                    for (slice, gradient) in zip(model.layout.tensors, gradients.tensors) {
                        assertClose(
                            Array(model.gradients[slice.range]), gradient.map(Float.init),
                            relative: 1e-5, absolute: 1e-5, "gradient of \(slice.name), \(what)")
                    }
                }
            }
        }
    }

    /// The same weights and batch give the same bits: run after run on one
    /// model (its buffers reused from a larger batch), on a fresh model, and
    /// with the products cut in other blocks and tiles.
    func testResultsAreTheSameBitsOnEveryRun() {
        let hp = Hyperparameters()
        for cell in RecurrentCell.allCases {
            let model = CellClassifier(cell, hp, seed: 5)
            var pipeline = InputPipeline(hp, seed: 6)
            let (large, batch) = (pipeline.nextBatch(), pipeline.nextBatch())
            func run(_ model: CellClassifier, _ batch: Batch) -> (logits: [Float], gradients: [Float]) {
                let logits = model.forward(batch)
                model.zeroGradients()
                model.backward(softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: 2).dLogits)
                return (logits, model.gradients)
            }
            let first = run(model, batch)
            _ = run(model, mixedBatch(hp, lengths: (0..<100).map { 5 + $0 % 16 }, seed: 7))
            _ = run(model, large)
            let again = run(model, batch)
            let fresh = CellClassifier(layout: model.layout, weights: model.weights)
            fresh.tiling = ProductTiling(rows: 4, columns: 32, wideTile: !ProductTiling.current.wideTile)
            let retiled = run(fresh, batch)
            for other in [again, retiled] {
                XCTAssertEqual(first.logits.map(\.bitPattern), other.logits.map(\.bitPattern), "\(cell)")
                XCTAssertEqual(first.gradients.map(\.bitPattern), other.gradients.map(\.bitPattern), "\(cell)")
            }
            XCTAssert(first.gradients.contains { $0 != 0 })
        }
    }

    /// The GRU as Keras's `reset_after=True` computes it, checked on one
    /// step from h = 0 with x = 0, where only the biases act: row 0 of
    /// `gru/bias` is the input bias, row 1 the recurrent one, and the reset
    /// gate scales the recurrent part of the candidate (rb_h), not all of it.
    func testGRUFollowsKerasLayout() {
        let layout = CellLayout(.gru, hiddenSize: 1, classCount: 2)
        XCTAssertEqual(layout.bias.shape, [2, 3])
        var flat = [Float](repeating: 0, count: layout.count)
        let (bz, br, bh, rbz, rbr, rbh): (Float, Float, Float, Float, Float, Float) = (0.3, -0.2, 0.5, 0.1, 0.7, -0.9)
        flat.replaceSubrange(layout.bias.range, with: [bz, br, bh, rbz, rbr, rbh])
        flat.replaceSubrange(layout.denseKernel.range, with: [1, 0])
        let w = CellWeights<Double>(flat, layout)
        let h = ReferenceGRU.step(x: 0, hPrevious: [0], w).h[0]
        let (b, rb) = ([bz, br, bh].map(Double.init), [rbz, rbr, rbh].map(Double.init))
        let z = Activation.sigmoid(b[0] + rb[0])
        let r = Activation.sigmoid(b[1] + rb[1])
        let candidate = Activation.tanh(b[2] + r * rb[2])
        XCTAssertEqual(h, (1 - z) * candidate, accuracy: 1e-15)
        XCTAssertNotEqual(h, (1 - z) * Activation.tanh(b[2] + rb[2]), accuracy: 1e-3)
        let model = CellClassifier(layout: layout, weights: flat)
        let logits = model.forward(Batch(inputs: [0], lengths: [1], labels: [0], maxLength: 1))
        XCTAssertEqual(Double(logits[0]), h, accuracy: 1e-6)
    }

    /// The reference plain RNN is chapter 3's `PlainRNN`, with a Dense layer
    /// and masking: the same h on the same weights.
    func testSimpleRNNIsChapter3sPlainRNN() {
        var random = Xoshiro256(seed: 9)
        let plain = PlainRNN(hiddenSize: 8, random: &random)
        let layout = CellLayout(.simpleRNN, hiddenSize: 8, classCount: 2)
        var w = CellWeights<Double>([Float](repeating: 0, count: layout.count), layout)
        (w.kernel, w.recurrentKernel, w.bias) = (plain.kernel, plain.recurrentKernel, plain.bias)
        let inputs = [0.4617, 0.4618, 0.4619, 0.462, 0.4621, 0.1, 0.9]
        XCTAssertEqual(ReferenceRNN.forward(inputs + [-1, -1], maskValue: -1, w).h, plain.forward(inputs))
    }

    /// The initial weights follow Keras: zero biases, an orthogonal recurrent
    /// kernel, Glorot-uniform bounds, and the same weights from the same seed.
    func testInitialization() {
        let hp = Hyperparameters()
        for cell in RecurrentCell.allCases {
            let model = CellClassifier(cell, hp, seed: 3)
            let layout = model.layout
            XCTAssertEqual(model.weights, CellClassifier(cell, hp, seed: 3).weights)
            XCTAssertNotEqual(model.weights, CellClassifier(cell, hp, seed: 4).weights)
            XCTAssert(model.weights[layout.bias.range].allSatisfy { $0 == 0 })
            XCTAssert(model.weights[layout.denseBias.range].allSatisfy { $0 == 0 })
            let limit = Float((6.0 / Double(1 + layout.width)).squareRoot())
            XCTAssert(model.weights[layout.kernel.range].allSatisfy { abs($0) <= limit })
            let (h, width) = (layout.hiddenSize, layout.width)
            let wh = model.weights[layout.recurrentKernel.range].map(Double.init)
            for a in 0..<h {
                for b in 0..<h {
                    let dot = (0..<width).reduce(0.0) { $0 + wh[a * width + $1] * wh[b * width + $1] }
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-5, "rows \(a), \(b) of W_h, \(cell)")
                }
            }
        }
        XCTAssertEqual(CellLayout(.simpleRNN, hp).count, 32 + 32 * 32 + 32 + 32 * 2 + 2)
        XCTAssertEqual(CellLayout(.gru, hp).count, 96 + 32 * 96 + 2 * 96 + 32 * 2 + 2)
    }
}
