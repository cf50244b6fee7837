import Batches
@testable import Engine
import XCTest

/// The packed layout of a batch (`PackedSequences`) and the cut into shards, against values worked out by hand.
final class PackingTests: XCTestCase {
    /// The example of the type's documentation: lengths 3 5 2 3 sort to 5 3 3 2.
    func testSortedLongestFirstTiesInBatchOrder() {
        let packed = PackedSequences(lengths: [3, 5, 2, 3])
        XCTAssertEqual(packed.order, [1, 0, 3, 2])
        XCTAssertEqual(packed.sortedLengths, [5, 3, 3, 2])
        XCTAssertEqual(packed.activeCounts, [4, 4, 3, 1, 1])
        XCTAssertEqual(packed.offsets, [0, 4, 8, 11, 12, 13])
        XCTAssertEqual(packed.steps, 5)
        XCTAssertEqual(packed.total, 13, "the sum of the lengths: no slot for a padded step")
    }

    func testEqualLengthsKeepTheirOrderAndAnEmptyBatchHasNoSteps() {
        let same = PackedSequences(lengths: [4, 4, 4])
        XCTAssertEqual(same.order, [0, 1, 2])
        XCTAssertEqual(same.activeCounts, [3, 3, 3, 3])
        XCTAssertEqual(same.total, 12)
        let empty = PackedSequences(lengths: [])
        XCTAssertEqual(empty.steps, 0)
        XCTAssertEqual(empty.total, 0)
    }

    private func batch(rows: Int, maxLength: Int = 3) -> Batch {
        Batch(
            inputs: (0..<(rows * maxLength)).map(Float.init), lengths: (0..<rows).map { 1 + $0 % maxLength },
            labels: (0..<rows).map { $0 % 2 }, maxLength: maxLength)
    }

    /// Below 16 rows a batch stays whole; from 16 it is cut in two halves (the first half
    /// the smaller when the count is odd), each with its own rows' inputs, lengths and labels.
    func testShardsAreTheBatchCutInTwoFromSixteenRows() {
        XCTAssertEqual(Shard.split(batch(rows: 15), reusing: []).map(\.rows), [0..<15])
        let shards = Shard.split(batch(rows: 17), reusing: [])
        XCTAssertEqual(shards.map(\.rows), [0..<8, 8..<17])
        XCTAssertEqual(shards[1].batch.inputs, (24..<51).map(Float.init))
        XCTAssertEqual(shards[1].batch.lengths, (8..<17).map { 1 + $0 % 3 })
        XCTAssertEqual(shards[1].batch.labels, (8..<17).map { $0 % 2 })
        XCTAssertEqual(shards[0].batch.maxLength, 3)
    }

    /// The buffers of earlier shards are kept; their rows and batch are this batch's.
    func testSplitReusesTheBuffersOfEarlierShards() {
        var earlier = Shard.split(batch(rows: 32), reusing: [])
        earlier[0].gradients = [1, 2, 3]
        let shards = Shard.split(batch(rows: 20), reusing: earlier)
        XCTAssertEqual(shards[0].gradients, [1, 2, 3])
        XCTAssertEqual(shards.map(\.rows), [0..<10, 10..<20])
        XCTAssertEqual(shards[0].batch.count, 10)
    }
}
