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

    /// `Batch(sequences, hp)` hands `Batch(scaling:)` lazy views of the
    /// integers: the same numbers as arrays of `Double`s give.
    func testTheGeneratorsBatchIsBatchScaling() {
        var hp = Hyperparameters()
        hp.batchSize = 64
        var source = ToySequences(hp, seed: 5)
        var sequences = (0..<200).map { _ in source.next() }
        sequences.append(LabeledSequence(values: [], label: 1))
        sequences.append(LabeledSequence(values: [0, hp.maxValue - 1, 4617], label: 0))
        let direct = Batch(sequences, hp)
        let viaDoubles = Batch(scaling: sequences.map { $0.values.map { Double($0) } },
                               labels: sequences.map(\.label), maxValue: hp.maxValue,
                               maskValue: hp.maskValue, maxLength: hp.maxLength)
        XCTAssertEqual(direct.inputs.map(\.bitPattern), viaDoubles.inputs.map(\.bitPattern))
        XCTAssertEqual(direct, viaDoubles)
    }
}
