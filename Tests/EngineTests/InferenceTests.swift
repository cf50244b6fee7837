import Batches
@testable import Engine
import NumericCore
import Parameters
import XCTest

/// Inference (`logits(_:)`) keeps two rows of state per sequence instead of
/// every timestep's activations, and backward adds shard 0's gradients
/// straight into the model's: neither may change a bit.
final class InferenceTests: XCTestCase {
    /// A model with random weights and a batch of `rows` random sequences,
    /// of random lengths from 0 to T, the second of length 0 (if there is one).
    func randomCase(hidden: Int, rows: Int, seed: UInt64) -> (LSTMClassifier, Batch) {
        var hp = Hyperparameters()
        hp.hiddenSize = hidden
        var random = Xoshiro256(seed: seed)
        let model = LSTMClassifier(
            hp, weights: (0..<ParameterLayout(hp).count).map { _ in random.float(in: -0.5...0.5) })
        let lengths = (0..<rows).map { r in
            r == 1 ? 0 : min(hp.maxLength, Int(random.float(in: 0...1) * Float(hp.maxLength + 1)))
        }
        var inputs: [Float] = []
        for length in lengths {
            inputs += (0..<hp.maxLength).map { t in t < length ? random.float(in: 0...1) : hp.maskValue }
        }
        let batch = Batch(
            inputs: inputs, lengths: lengths, labels: [Int](repeating: 0, count: rows), maxLength: hp.maxLength)
        return (model, batch)
    }

    /// Hidden sizes that are not multiples of 16 (5, 20, 37) and one that is;
    /// a batch of 1, batches kept whole (2, 9) and cut in two shards (16,
    /// 17, 40); the machine's tiling and the smallest one.
    func testInferenceGivesTheBitsOfForward() {
        let tilings = [ProductTiling.current, ProductTiling(rows: 4, columns: 32, wideTile: false)]
        for hidden in [5, 20, 37, 64] {
            for rows in [1, 2, 9, 16, 17, 40] {
                for tiling in tilings {
                    let (model, batch) = randomCase(hidden: hidden, rows: rows, seed: UInt64(hidden * 1000 + rows))
                    model.tiling = tiling
                    let expected = model.forward(batch)
                    XCTAssertEqual(
                        model.logits(batch).map(\.bitPattern), expected.map(\.bitPattern),
                        "H \(hidden), B \(rows), \(tiling)")
                    let (_, other) = randomCase(hidden: hidden, rows: 40 - rows, seed: 7)
                    XCTAssertEqual(
                        model.logits([batch, other]).map(\.bitPattern),
                        (expected + model.forward(other)).map(\.bitPattern), "H \(hidden), B \(rows), two batches")
                }
            }
        }
        let (model, empty) = randomCase(hidden: 5, rows: 2, seed: 3)  // no timestep at all
        let onlyEmpty = Batch(
            inputs: Array(empty.inputs[empty.maxLength...]), lengths: [0], labels: [0], maxLength: empty.maxLength)
        XCTAssertEqual(model.logits(onlyEmpty).map(\.bitPattern), model.forward(onlyEmpty).map(\.bitPattern))
    }

    /// Inference between a forward pass and its backward pass leaves the
    /// backward pass's caches alone.
    func testInferenceBetweenForwardAndBackwardChangesNoGradient() {
        let (model, batch) = randomCase(hidden: 20, rows: 17, seed: 11)
        let (_, other) = randomCase(hidden: 20, rows: 40, seed: 12)
        let dLogits = (0..<(2 * batch.count)).map { Float($0 % 5) - 2 }
        _ = model.forward(batch)
        model.zeroGradients()
        model.backward(dLogits)
        let expected = model.gradients
        _ = model.forward(batch)
        _ = model.logits(other)
        model.zeroGradients()
        model.backward(dLogits)
        XCTAssertEqual(model.gradients.map(\.bitPattern), expected.map(\.bitPattern))
    }

    /// The backward pass as it was when each shard had a gradient buffer of
    /// its own, zeroed, added into the model's in shard order.
    func gradientsWithABufferPerShard(_ model: LSTMClassifier, _ batch: Batch, _ dLogits: [Float]) -> [Float] {
        let layout = model.layout, h = layout.hiddenSize
        var shards = Shard.split(batch, reusing: [])
        var panels = [Float](repeating: 0, count: panelStorageCount(rows: h, columns: 4 * h))
        var transposed = [Float](repeating: 0, count: panelStorageCount(rows: 4 * h, columns: h))
        var gradients = model.gradients
        var final = [Float](repeating: 0, count: batch.count * h)
        var dFinal = [Float](repeating: 0, count: batch.count * h)
        model.weights.withUnsafeBufferPointer { w in
            let wh = w.baseAddress! + layout.recurrentKernel.offset
            packPanels(wh, rows: h, columns: 4 * h, into: &panels)
            packPanels(wh, rows: 4 * h, columns: h, transposed: true, into: &transposed)
            for s in shards.indices {
                LSTMLayer.forward(
                    &shards[s].activations, batch: shards[s].batch, weights: w.baseAddress!,
                    recurrentPanels: panels, tiling: model.tiling, layout: layout)
                final.replaceSubrange(
                    (shards[s].rows.lowerBound * h)..<(shards[s].rows.upperBound * h),
                    with: shards[s].activations.final.prefix(shards[s].rows.count * h))
            }
            gradients.withUnsafeMutableBufferPointer { g in
                DenseLayer.backward(
                    dInput: &dFinal, dKernel: g.baseAddress! + layout.denseKernel.offset,
                    dBias: g.baseAddress! + layout.denseBias.offset, dLogits: dLogits, input: final,
                    kernel: w.baseAddress! + layout.denseKernel.offset, rows: batch.count, inSize: h,
                    outSize: layout.classCount)
            }
        }
        dFinal.withUnsafeBufferPointer { dF in
            for var shard in shards {
                var own = [Float](repeating: 0, count: layout.count)
                LSTMLayer.backward(
                    &shard.activations, dFinal: dF.baseAddress! + shard.rows.lowerBound * h,
                    transposedPanels: transposed, tiling: model.tiling, gradients: &own, layout: layout,
                    scratch: &shard.scratch)
                gradients.withUnsafeMutableBufferPointer { g in
                    addScaled(g.baseAddress!, 1, own, count: layout.count)
                }
            }
        }
        return gradients
    }

    /// One shard and two, H a multiple of 16 or not, gradients zeroed first
    /// (shard 0 writes into the model's) or not (it keeps a buffer).
    func testTheGradientsAreThoseOfABufferPerShard() {
        for (hidden, rows) in [(5, 1), (5, 9), (20, 16), (37, 17), (37, 40), (64, 64)] {
            for zeroed in [true, false] {
                let (model, batch) = randomCase(hidden: hidden, rows: rows, seed: UInt64(hidden * 1000 + rows))
                let dLogits = (0..<(2 * rows)).map { Float(($0 * 7) % 11) / 4 - 1.25 }
                _ = model.forward(batch)
                model.zeroGradients()
                if !zeroed {
                    for i in model.gradients.indices { model.gradients[i] = Float(i % 7) / 1024 - 3 / 1024 }
                }
                let expected = gradientsWithABufferPerShard(model, batch, dLogits)
                model.backward(dLogits)
                XCTAssertEqual(
                    model.gradients.map(\.bitPattern), expected.map(\.bitPattern),
                    "H \(hidden), B \(rows), zeroed \(zeroed)")
            }
        }
    }
}
