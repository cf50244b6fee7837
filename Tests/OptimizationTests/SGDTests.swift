import Optimization
import XCTest

/// Chapter 8 trains gradient descent beside Adam: Keras's SGD, with and without momentum.
final class SGDTests: XCTestCase {
    /// Without momentum each step is w − lr·g.
    func testPlainSGDStepsAgainstTheGradient() {
        var sgd = SGD(parameterCount: 3, learningRate: 0.5)
        var weights: [Float] = [1, -2, 0.25]
        sgd.update(&weights, gradients: [2, -4, 0])
        XCTAssertEqual(weights, [0, 0, 0.25])
        sgd.update(&weights, gradients: [1, 1, 1])
        XCTAssertEqual(weights, [-0.5, -0.5, -0.25])
    }

    /// With momentum μ the velocity keeps μ of the last one: a gradient that
    /// stays the same moves the weight by lr·g·(1 + μ + μ² + …).
    func testMomentumAddsUpTheSteps() {
        var sgd = SGD(parameterCount: 1, learningRate: 0.25, momentum: 0.5)
        var weights: [Float] = [0]
        var moves: [Float] = []
        for _ in 0..<3 {
            let before = weights[0]
            sgd.update(&weights, gradients: [1])
            moves.append(weights[0] - before)
        }
        XCTAssertEqual(moves, [-0.25, -0.375, -0.4375])
        XCTAssertEqual(sgd.velocity, [-0.4375])
    }
}
