import Batches
import XCTest

/// The one builder that training and `predict` share.
final class BatchTests: XCTestCase {
    func testValuesAreScaledInDoublePrecisionAndPaddedWithTheMaskValue() {
        let batch = Batch(scaling: [[1, 9999], [4617]], labels: [0, 1], maxValue: 10_000, maskValue: -1, maxLength: 3)
        XCTAssertEqual(batch.inputs, [Float(1.0 / 10_000), Float(9999.0 / 10_000), -1, Float(4617.0 / 10_000), -1, -1])
        XCTAssertEqual(batch.lengths, [2, 1])
        XCTAssertEqual(batch.labels, [0, 1])
        XCTAssertEqual(batch.count, 2)
    }

    /// numpy divides in Double and TensorFlow rounds to Float after: for
    /// 1/3 of the range that is not the same as dividing in Float.
    func testScalingRoundsOnceFromDouble() {
        XCTAssertEqual(scaled(3333, maxValue: 10_000), Float(0.3333))
        XCTAssertEqual(scaled(1, maxValue: 3), Float(1.0 / 3.0))
        let allValues = (0..<10_000).map(Double.init)
        XCTAssertEqual(allValues.map { scaled($0, maxValue: 10_000).bitPattern },
                       allValues.map { Float($0 / 10_000).bitPattern })
    }
}
