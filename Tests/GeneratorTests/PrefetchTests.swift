import XCTest
@testable import Batches
@testable import Generator
@testable import NumericCore
@testable import Parameters

/// The batches the training loop trains on are the input pipeline's, however
/// they are made.
final class PrefetchTests: XCTestCase {
    /// The same batches, in the same order, as the pipeline itself gives,
    /// whether the second core makes them (a hand-off between batches, as in
    /// training) or nobody takes the job and `nextBatch` makes it.
    func testPrefetchedBatchesAreThePipelines() {
        var hp = Hyperparameters()
        hp.batchSize = 16
        var plain = InputPipeline(hp, seed: 11)
        let prefetched = Prefetched(InputPipeline(hp, seed: 11))
        var halves = [0, 0]
        for step in 0..<300 {
            XCTAssertEqual(prefetched.nextBatch(), plain.nextBatch(), "batch \(step)")
            if step % 3 != 0 {  // every third batch, no hand-off at all
                halves.withUnsafeMutableBufferPointer { h in
                    SecondCore.shared.run({ h[1] += 1 }, alongside: { h[0] += 1 })
                }
            }
        }
        XCTAssertEqual(halves, [200, 200])
    }

    /// The generator's sequences as the model sees them: values over maxValue,
    /// padded with the mask value to maxLength, labels and lengths kept.
    func testTheGeneratorsBatchIsScaledAndPadded() {
        var hp = Hyperparameters()
        hp.maxLength = 3
        hp.minLength = 1
        let batch = Batch(
            [
                LabeledSequence(values: [4617, 4618], label: 0),
                LabeledSequence(values: [9999], label: 1),
                LabeledSequence(values: [0, 1, 2], label: 0)
            ], hp)
        XCTAssertEqual(batch.inputs, [0.4617, 0.4618, -1, 0.9999, -1, -1, 0, 0.0001, 0.0002])
        XCTAssertEqual(batch.lengths, [2, 1, 3])
        XCTAssertEqual(batch.labels, [0, 1, 0])
        XCTAssertEqual(batch.maxLength, 3)
    }
}
