import Foundation
import NumericCore
import Optimization
import XCTest

/// Training updates the weights with `Adam.update`, 16 parameters at a
/// time; chapter 5 shows `Adam.updateOneAtATime`, one at a time. They must be the
/// same arithmetic: same weights, m and v, bit for bit, step after step.
final class AdamVectorisedTests: XCTestCase {
    func testVectorisedUpdateGivesTheBitsOfTheLoop() {
        var random = Xoshiro256(seed: 5)
        // 4,418 is the tutorial's parameter count: 276 vectors of 16 and 2 left over.
        for count in [1, 15, 16, 17, 4_418] {
            var (plain, vectorised) = (
                Adam(parameterCount: count, learningRate: 0.01),
                Adam(parameterCount: count, learningRate: 0.01)
            )
            var weights = (0..<count).map { _ in random.float(in: -1...1) }
            var weightsVectorised = weights
            for step in 1...50 {
                // Gradients of every size, zeros and negative zeros among them.
                let gradients = (0..<count).map { i -> Float in
                    i % 7 == 0
                        ? (step % 2 == 0 ? 0 : -0.0) : random.float(in: -1...1) * powf(10, random.float(in: -6...1))
                }
                plain.updateOneAtATime(&weights, gradients: gradients)
                vectorised.update(&weightsVectorised, gradients: gradients)
                XCTAssertEqual(
                    weights.map(\.bitPattern), weightsVectorised.map(\.bitPattern),
                    "weights, \(count) parameters, step \(step)")
                XCTAssertEqual(plain.m.map(\.bitPattern), vectorised.m.map(\.bitPattern), "m, step \(step)")
                XCTAssertEqual(plain.v.map(\.bitPattern), vectorised.v.map(\.bitPattern), "v, step \(step)")
                XCTAssertEqual(plain.step, vectorised.step)
            }
        }
    }
}
