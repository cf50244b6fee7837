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

    /// numpy divides in Double and TensorFlow rounds to Float after. For whole
    /// values below 2^24 that is the same as dividing in Float; for a value a
    /// Float cannot hold (4617.3, or 2^24 + 1) it is not. The expected bit
    /// patterns are numpy's: `np.float32(np.float64(v) / m)`.
    func testScalingRoundsOnceFromDoubleAsNumpyDoes() {
        XCTAssertEqual(scaled(3333, maxValue: 10_000).bitPattern, 0x3EAA_A64C)
        XCTAssertEqual(scaled(1, maxValue: 3).bitPattern, 0x3EAA_AAAB)
        XCTAssertEqual(scaled(4617.3, maxValue: 10_000).bitPattern, 0x3EEC_67E0)
        XCTAssertEqual(scaled(16_777_217, maxValue: 100_000_000).bitPattern, 0x3E2B_CC78)
        // Dividing in Float gives the neighbours below.
        XCTAssertEqual((Float(4617.3) / 10_000).bitPattern, 0x3EEC_67DF)
        XCTAssertEqual((Float(16_777_217) / 100_000_000).bitPattern, 0x3E2B_CC77)
    }
}
