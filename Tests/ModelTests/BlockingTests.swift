import Batches
import Engine
import Generator
import Loss
import Model
import NumericCore
import Optimization
import Parameters
import XCTest

/// The engine's recurrent products follow the machine's caches and vector
/// registers (`ProductTiling.current`); the model must train to the same
/// bits whatever they are.
final class BlockingTests: XCTestCase {
    /// Trains a fresh model a few steps with `tiling` and returns its weights
    /// and the last step's gradients.
    func train(_ hp: Hyperparameters, tiling: ProductTiling, steps: Int) -> [Float] {
        let model = LSTMClassifier(hp, seed: 5)
        model.tiling = tiling
        var optimizer = Optimizer(model: model, learningRate: hp.learningRate)
        var data = InputPipeline(hp, seed: 6)
        for _ in 0..<steps { optimizer.step(on: data.nextBatch()) }
        return model.weights + model.gradients
    }

    /// Hidden sizes that leave partial tiles, panels and blocks (17, 40, 72),
    /// one where the backward pass packs dGates with either tile (256), a
    /// batch cut in two shards of different lengths (37) and one too small to
    /// cut (9): the same bits under tilings from one register tile per block
    /// to one block for everything, with either register tile.
    func testTrainingGivesTheSameBitsUnderEveryTiling() {
        let tilings = [
            ProductTiling(rows: 4, columns: 32, wideTile: false),
            ProductTiling(rows: 8, columns: 64, wideTile: true),
            ProductTiling(l2Bytes: 1 << 30, wideTile: false),
            ProductTiling(l2Bytes: 1 << 30, wideTile: true)
        ]
        for (hidden, batch) in [(17, 37), (40, 9), (72, 64), (256, 20)] {
            var hp = Hyperparameters()
            (hp.hiddenSize, hp.batchSize) = (hidden, batch)
            let expected = train(hp, tiling: .current, steps: 3)
            for tiling in tilings {
                let bits = train(hp, tiling: tiling, steps: 3)
                XCTAssertEqual(bits.map(\.bitPattern), expected.map(\.bitPattern), "H \(hidden), B \(batch), \(tiling)")
            }
        }
    }
}
