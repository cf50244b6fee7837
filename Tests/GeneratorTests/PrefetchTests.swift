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

/// Chapter 8's near misses: with the option on, half of the random class are
/// sequences close to a +1 run that are not one, of six kinds; with it off,
/// the stream is the notebook's.
final class NearMissTests: XCTestCase {
    func testNearMissesAreCloseToARunAndNeverOne() {
        let hp = Hyperparameters()
        var generator = ToySequences(hp, seed: 4, nearMisses: true)
        var kinds: [String: Int] = [:]
        var (linear, random) = (0, 0)
        for _ in 0..<4000 {
            let sequence = generator.next()
            XCTAssert(sequence.values.allSatisfy { (0..<hp.maxValue).contains($0) }, "\(sequence.values)")
            let steps = Set(zip(sequence.values.dropFirst(), sequence.values).map { $0 - $1 })
            if sequence.label == 0 {
                XCTAssertEqual(steps, [1])
                linear += 1
                continue
            }
            XCTAssertNotEqual(steps, [1], "a random-class sequence that is a +1 run: \(sequence.values)")
            if steps.count == 1 {
                kinds["step \(steps.first!)", default: 0] += 1
            } else if zip(sequence.values.dropFirst(), sequence.values).filter({ $0 - $1 != 1 }).count <= 2 {
                // A +1 run with one value replaced: one or two steps that are not +1.
                kinds["one changed", default: 0] += 1
            } else {
                random += 1
            }
        }
        XCTAssertEqual(Set(kinds.keys), ["step 0", "step -1", "step 2", "step 10", "step 100", "one changed"])
        // Each kind about a sixth of a quarter of 4,000 draws: near 167.
        for (kind, count) in kinds { XCTAssert((100...240).contains(count), "\(kind): \(count)") }
        XCTAssert((1800...2200).contains(linear), "\(linear)")
        XCTAssert((800...1200).contains(random), "\(random)")
    }

    func testWithoutNearMissesTheStreamIsTheNotebooks() {
        let hp = Hyperparameters()
        var (plain, off) = (ToySequences(hp, seed: 9), ToySequences(hp, seed: 9, nearMisses: false))
        var (on, sawDifference) = (ToySequences(hp, seed: 9, nearMisses: true), false)
        for _ in 0..<500 {
            let a = plain.next()
            XCTAssertEqual(a, off.next())
            sawDifference = sawDifference || a != on.next()
        }
        XCTAssertTrue(sawDifference)
    }
}
