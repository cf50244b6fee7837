import Engine
@testable import Model
import NumericCore
import Parameters
import XCTest

final class InitializationTests: XCTestCase {
    let model = LSTMClassifier(Hyperparameters(), seed: 0)

    func testRecurrentKernelRowsAreOrthonormal() {
        let h = model.layout.hiddenSize
        let w = model.tensor(model.layout.recurrentKernel)  // H × 4H
        for a in 0..<h {
            for b in a..<h {
                var dot: Double = 0
                for j in 0..<(4 * h) { dot += Double(w[a * 4 * h + j]) * Double(w[b * 4 * h + j]) }
                XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-5, "row \(a) · row \(b)")
            }
        }
    }

    func testGlorotBoundsAreRespectedAndUsed() {
        for slice in [model.layout.kernel, model.layout.denseKernel] {
            let limit = Float((6.0 / Double(slice.shape[0] + slice.shape[1])).squareRoot())
            let values = model.tensor(slice)
            XCTAssert(values.allSatisfy { abs($0) <= limit }, "\(slice.name) exceeds ±\(limit)")
            // Uniform over the whole interval: the extremes come close to the limit.
            XCTAssertGreaterThan(values.map(abs).max()!, 0.8 * limit, slice.name)
        }
    }

    func testBiasesStartAtZeroExceptTheForgetGate() {
        let h = model.layout.hiddenSize
        let bias = model.tensor(model.layout.bias)
        XCTAssertEqual(Array(bias[0..<h]), [Float](repeating: 0, count: h), "input gate")
        XCTAssertEqual(Array(bias[h..<(2 * h)]), [Float](repeating: 1, count: h), "forget gate")
        XCTAssertEqual(Array(bias[(2 * h)...]), [Float](repeating: 0, count: 2 * h), "cell and output gates")
        XCTAssertEqual(model.tensor(model.layout.denseBias), [0, 0])
    }

    func testTheSameSeedGivesTheSameWeights() {
        XCTAssertEqual(LSTMClassifier(Hyperparameters(), seed: 0).weights, model.weights)
        XCTAssertNotEqual(LSTMClassifier(Hyperparameters(), seed: 1).weights, model.weights)
    }

    /// The orthogonal initialiser (two vectors at once, over raw buffers) gives the bits of
    /// Gram–Schmidt written plainly with `zip` and `reduce`, one vector at a time, as it first
    /// was: the same multiply-adds in the same order, and as many numbers drawn.
    func testOrthogonalRowsAreThoseOfThePlainGramSchmidt() {
        func plain(rows: Int, columns: Int, random: inout Xoshiro256, limit: Double) -> [Float] {
            var q: [[Double]] = []
            while q.count < rows {
                var v = (0..<columns).map { _ in random.normal() }
                for _ in 0..<2 {
                    for u in q {
                        let dot = zip(u, v).reduce(0) { $0.addingProduct($1.0, $1.1) }
                        for i in 0..<columns { v[i].addProduct(-dot, u[i]) }
                    }
                }
                let norm = v.reduce(0) { $0.addingProduct($1, $1) }.squareRoot()
                if norm < limit { continue }
                q.append(v.map { $0 / norm })
            }
            return q.flatMap { $0.map(Float.init) }
        }
        for (rows, columns, seed) in [(1, 4, 1), (2, 5, 6), (5, 20, 2), (37, 148, 3), (64, 256, 4), (3, 3, 5)] {
            var (a, b) = (Xoshiro256(seed: UInt64(seed)), Xoshiro256(seed: UInt64(seed)))
            XCTAssertEqual(
                LSTMClassifier.orthogonalRows(rows: rows, columns: columns, random: &a).map(\.bitPattern),
                plain(rows: rows, columns: columns, random: &b, limit: 1e-6).map(\.bitPattern), "\(rows)×\(columns)")
            XCTAssertEqual(a.next(), b.next(), "both drew as many numbers")
        }
        // A limit that rejects many draws (a residual of 64 normal numbers after j projections has
        // a norm near √(64 − j)): rejected vectors in the middle and at the last row are drawn
        // again in the plain loop's order.
        for seed in 0..<4 {
            let seed = UInt64(seed)
            var (a, b, c) = (Xoshiro256(seed: seed), Xoshiro256(seed: seed), Xoshiro256(seed: seed))
            XCTAssertEqual(
                LSTMClassifier.orthogonalRows(rows: 16, columns: 64, random: &a, rejectingNormsBelow: 7.5)
                    .map(\.bitPattern),
                plain(rows: 16, columns: 64, random: &b, limit: 7.5).map(\.bitPattern), "seed \(seed)")
            _ = LSTMClassifier.orthogonalRows(rows: 16, columns: 64, random: &c)
            let next = a.next()
            XCTAssertEqual(next, b.next(), "both drew as many numbers")
            XCTAssertNotEqual(next, c.next(), "some draws were rejected")
        }
    }
}
