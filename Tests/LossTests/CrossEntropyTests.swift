import Loss
import XCTest

/// Softmax cross-entropy, its gradient, accuracy and argmax on logits whose answers are known by hand.
final class CrossEntropyTests: XCTestCase {
    /// Equal logits: p = ½ for both classes, loss ln 2, gradient p − onehot over the batch size.
    func testEqualLogitsCostLnTwo() {
        let (loss, dLogits) = softmaxCrossEntropy(logits: [0, 0, 5, 5], labels: [0, 1], classCount: 2)
        XCTAssertEqual(loss, 0.693_147_2, accuracy: 1e-7)
        XCTAssertEqual(dLogits, [-0.25, 0.25, 0.25, -0.25])
    }

    /// Logits ln 1, ln 3: p = (¼, ¾). Labels 1 then 0: losses −ln ¾ and −ln ¼, averaged.
    func testLossIsTheMeanNegativeLogProbabilityOfTheLabel() {
        let logits: [Float] = [0, Float(log(3.0)), 0, Float(log(3.0))]
        let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: [1, 0], classCount: 2)
        XCTAssertEqual(Double(loss), (-log(0.75) - log(0.25)) / 2, accuracy: 1e-6)
        for (value, expected) in zip(dLogits, [0.125, -0.125, -0.375, 0.375]) {
            XCTAssertEqual(value, Float(expected), accuracy: 1e-7)
        }
        for (p, expected) in zip(softmax(logits: logits, classCount: 2), [0.25, 0.75, 0.25, 0.75] as [Float]) {
            XCTAssertEqual(p, expected, accuracy: 1e-7)
        }
    }

    /// Large logits do not overflow: the largest is subtracted first.
    func testHugeLogitsStayFinite() {
        let (loss, _) = softmaxCrossEntropy(logits: [1000, 0], labels: [1], classCount: 2)
        XCTAssertEqual(loss, 1000, accuracy: 1e-3)
    }

    func testAccuracyCountsRowsWhoseLargestLogitIsTheLabel() {
        XCTAssertEqual(accuracy(logits: [2, 1, 0, 3, 5, 5], labels: [0, 0, 1], classCount: 2), 1.0 / 3)
        XCTAssertEqual(accuracy(logits: [], labels: [], classCount: 2), 0)
        XCTAssertEqual(argmax([0.1, 0.7, 0.7, 0.2][...]), 1, "a tie goes to the first")
    }
}
