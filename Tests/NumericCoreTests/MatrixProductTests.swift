import NumericCore
import XCTest

/// `multiplyAdd` (C += op(A)·B) against a plain triple loop in Double, on
/// shapes that leave partial tiles (rows not a multiple of 4, columns not a
/// multiple of 16), with A transposed or not, and with k = 1.
final class MatrixProductTests: XCTestCase {
    /// C += op(A)·B computed in Double, element by element.
    func reference(_ c: [Float], _ a: [Float], aTransposed: Bool, _ b: [Float], m: Int, n: Int, k: Int) -> [Double] {
        (0..<(m * n)).map { index in
            let (i, j) = (index / n, index % n)
            let sum = (0..<k).reduce(0.0) { sum, p in
                sum + Double(aTransposed ? a[p * m + i] : a[i * k + p]) * Double(b[p * n + j])
            }
            return Double(c[index]) + sum
        }
    }

    func testEveryShapeAgreesWithThePlainLoop() {
        var rng = Xoshiro256(seed: 11)
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in rng.float(in: -1...1) } }
        var shapes = 0
        for m in [1, 3, 4, 5, 8, 9] {
            for n in [1, 15, 16, 17, 33, 128] {
                for k in [1, 2, 7, 32] {
                    for aTransposed in [false, true] {
                        let (a, b, start) = (values(m * k), values(k * n), values(m * n))
                        var c = start
                        multiplyAdd(&c, a, aTransposed: aTransposed, b, m: m, n: n, k: k)
                        let expected = reference(start, a, aTransposed: aTransposed, b, m: m, n: n, k: k)
                        // Each element is k fused multiply-adds of terms below 1 in size: k + 1 roundings at most.
                        let tolerance = Double(k + 1) * Double(Float.ulpOfOne)
                        let worst = zip(c, expected).map { abs(Double($0) - $1) }.max()!
                        XCTAssertLessThanOrEqual(worst, tolerance, "m \(m), n \(n), k \(k), transposed \(aTransposed)")
                        shapes += 1
                    }
                }
            }
        }
        XCTAssertEqual(shapes, 288)
    }

    /// k = 1 is an outer product: each element one fused multiply-add, exactly rounded.
    func testKEqualToOneIsAnExactlyRoundedOuterProduct() {
        let (a, b): ([Float], [Float]) = ([0.1, -3, 7e-8, 1e30, 2.5], (0..<19).map { Float($0) / 3 })
        var c = [Float](repeating: 1, count: a.count * b.count)
        multiplyAdd(&c, a, b, m: a.count, n: b.count, k: 1)
        for i in a.indices {
            for j in b.indices {
                XCTAssertEqual(c[i * b.count + j], Float(1).addingProduct(a[i], b[j]), "(\(i), \(j))")
            }
        }
    }

    /// The property that makes the results the same on every CPU: each
    /// element of C is exactly the chain of scalar fused multiply-adds
    /// c + a₀b₀, then + a₁b₁, … in order, whatever the tile and vector width.
    /// Compared bit for bit, on shapes that leave every kind of partial tile
    /// (1–3 rows left over; 1 to 31 columns left over).
    func testEveryElementIsTheInOrderChainOfFusedMultiplyAdds() {
        var rng = Xoshiro256(seed: 12)
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in rng.float(in: -2...2) } }
        for (m, n, k) in [(1, 1, 1), (3, 31, 5), (5, 32, 32), (7, 48, 9), (32, 128, 32), (13, 33, 128), (2, 80, 3)] {
            for aTransposed in [false, true] {
                let (a, b, start) = (values(m * k), values(k * n), values(m * n))
                var c = start
                multiplyAdd(&c, a, aTransposed: aTransposed, b, m: m, n: n, k: k)
                for i in 0..<m {
                    for j in 0..<n {
                        var expected = start[i * n + j]
                        for p in 0..<k {
                            expected.addProduct(aTransposed ? a[p * m + i] : a[i * k + p], b[p * n + j])
                        }
                        XCTAssertEqual(
                            c[i * n + j].bitPattern, expected.bitPattern,
                            "m \(m), n \(n), k \(k), transposed \(aTransposed), element (\(i), \(j))")
                    }
                }
            }
        }
    }
}
