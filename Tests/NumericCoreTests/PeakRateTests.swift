import XCTest

@testable import NumericCore

/// `PeakRate`, the probe `tutorial bench` measures one core's peak with.
final class PeakRateTests: XCTestCase {
    /// The twelve chains compute what they say: each lane of chain j is
    /// x + j multiplied by y and added to itself, `iterations` times, one
    /// rounding each, and the result is their sum: the loop the probe times
    /// is the work it counts.
    func testTheChainsComputeTheirMultiplyAdds() {
        let (x, y, iterations) = (Float(0.5), Float(0.75), 37)
        var chains: Float = 0
        for j in 0..<12 {
            var a = x + Float(j)
            for _ in 0..<iterations { a = a.addingProduct(a, y) }
            chains += a
        }
        // Eight lanes of the same twelve chains; the order of the final sums may differ.
        let expected = 8 * chains
        let sum = PeakRate.chains(SIMD8<Float>(repeating: x), SIMD8(repeating: y), iterations: iterations)
        XCTAssertEqual(sum, expected, accuracy: expected * 1e-6)
    }

    /// The measurement is a rate: positive and finite on any machine.
    func testTheRateIsAPositiveNumber() {
        let rate = PeakRate.measure(trials: 2, iterations: 10_000)
        XCTAssertTrue(rate.isFinite)
        XCTAssertGreaterThan(rate, 0)
    }

    /// The product's rate at any shape, with one copy of B or several: a
    /// positive number, measured in about the time asked for even when one
    /// product is tiny.
    func testTheProductRateIsMeasuredAtAnyShape() {
        for (m, n, k, copies) in [(1, 4, 1, 1), (1, 4, 1, 3), (7, 33, 5, 2), (32, 128, 32, 1)] {
            let start = ContinuousClock.now
            let rate = PeakRate.product(m: m, n: n, k: k, copies: copies, trials: 2, seconds: 0.005)
            XCTAssertTrue(rate.isFinite && rate > 0, "\(m)×\(k) · \(k)×\(n), \(copies) copies")
            XCTAssertLessThan(
                ContinuousClock.now - start, .seconds(5), "a tiny product is timed in groups, not forever")
        }
    }

    /// Enough copies to outgrow the caches: 64 MB or more, and never fewer than two.
    func testTheCopiesOutgrowTheCaches() {
        for (k, n) in [(1, 4), (32, 128), (512, 2048), (1024, 4096)] {
            let copies = PeakRate.copiesToOutgrowCaches(k: k, n: n)
            XCTAssertGreaterThanOrEqual(copies, 2)
            XCTAssertGreaterThanOrEqual(copies * panelStorageCount(rows: k, columns: n) * 4, 64 << 20)
        }
    }
}
