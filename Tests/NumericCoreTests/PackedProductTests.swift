import NumericCore
import XCTest

/// The packed product, `multiplyAdd(…panels:…)`: B copied into panels as
/// wide as the register tile (16 or 32 columns), C cut into blocks that
/// follow the L2 cache, the sum cut into slices of `panelDepth` rows. None of
/// it may change a bit: each element of C must still be the chain of fused
/// multiply-adds over p in order.
final class PackedProductTests: XCTestCase {
    /// Tilings as the cache sizes of other machines would give them, from
    /// the smallest possible (blocks of one register tile) to one block for
    /// everything.
    static let tilings = [1, 40_000, 200_000, 512 * 1024, 1 << 30].flatMap { bytes in
        [false, true].map { ProductTiling(l2Bytes: bytes, wideTile: $0) }
    }

    /// Shapes that leave partial blocks at every level: rows (m) not a multiple
    /// of 4 nor of a block's rows; columns (n) not a multiple of 16, of 32 (a
    /// panel) nor of a block's columns; the sum (k) shorter than a slice of
    /// 128 rows, or a few rows past whole slices.
    static let shapes = [
        (1, 1, 1), (3, 31, 5), (5, 33, 129), (13, 80, 300), (37, 200, 257),
        (9, 1000, 130), (4, 16, 128), (20, 512, 256)
    ]

    func values(_ count: Int, _ rng: inout Xoshiro256) -> [Float] {
        (0..<count).map { _ in rng.float(in: -2...2) }
    }

    func packed(_ b: [Float], rows k: Int, columns n: Int, width: Int = ProductTiling.current.panelWidth)
        -> [Float]
    {
        var panels = [Float](repeating: .nan, count: panelStorageCount(rows: k, columns: n, width: width))
        packPanels(b, rows: k, columns: n, width: width, into: &panels)
        return panels
    }

    /// Every shape, both layouts of A, and every tiling with both register tiles:
    /// each element bit for bit the scalar chain c + a₀b₀ + a₁b₁ + … in order.
    func testEveryElementIsTheInOrderChainWhateverTheBlocks() {
        var rng = Xoshiro256(seed: 27)
        for (m, n, k) in Self.shapes {
            for aTransposed in [false, true] {
                let (a, b, start) = (values(m * k, &rng), values(k * n, &rng), values(m * n, &rng))
                var expected = start
                for i in 0..<m {
                    for j in 0..<n {
                        for p in 0..<k {
                            expected[i * n + j].addProduct(
                                aTransposed ? a[p * m + i] : a[i * k + p],
                                b[p * n + j])
                        }
                    }
                }
                for tiling in Self.tilings {
                    var c = start
                    multiplyAdd(
                        &c, a, aTransposed: aTransposed,
                        panels: packed(b, rows: k, columns: n, width: tiling.panelWidth),
                        m: m, n: n, k: k, tiling: tiling)
                    XCTAssertEqual(
                        c.map(\.bitPattern), expected.map(\.bitPattern),
                        "m \(m), n \(n), k \(k), transposed \(aTransposed), \(tiling)")
                }
            }
        }
    }

    /// The packed product and the unpacked one agree bit for bit: the engine
    /// gives the results it gave before B was packed.
    func testPackedAndUnpackedProductsAgree() {
        var rng = Xoshiro256(seed: 28)
        for (m, n, k) in [(32, 1024, 256), (31, 256, 1024), (256, 1024, 100)] {
            let (a, b, start) = (values(m * k, &rng), values(k * n, &rng), values(m * n, &rng))
            for aTransposed in [false, true] {
                var plain = start, blocked = start
                multiplyAdd(&plain, a, aTransposed: aTransposed, b, m: m, n: n, k: k)
                multiplyAdd(
                    &blocked, a, aTransposed: aTransposed, panels: packed(b, rows: k, columns: n),
                    m: m, n: n, k: k)
                XCTAssertEqual(plain.map(\.bitPattern), blocked.map(\.bitPattern), "m \(m), n \(n), k \(k)")
            }
        }
    }

    /// Panel t holds columns wt ..< wt + w row after row (w = 16 or 32, the
    /// tile's width), zeros past the last column; packing the transpose of a
    /// matrix stored n×k gives the panels of the k×n matrix written out.
    func testPanelLayoutAndTransposedPacking() {
        var rng = Xoshiro256(seed: 29)
        for (k, n) in [(1, 1), (3, 31), (7, 32), (5, 70), (130, 33)] {
            let b = values(k * n, &rng)
            for w in [16, 32] {
                let panels = packed(b, rows: k, columns: n, width: w)
                XCTAssertEqual(panels.count, (n + w - 1) / w * w * k)
                for t in 0..<((n + w - 1) / w) {
                    for p in 0..<k {
                        for lane in 0..<w {
                            let j = w * t + lane
                            XCTAssertEqual(
                                panels[t * w * k + p * w + lane], j < n ? b[p * n + j] : 0,
                                "k \(k), n \(n), width \(w), panel \(t), row \(p), lane \(lane)")
                        }
                    }
                }
                let stored = (0..<(n * k)).map { index in b[(index % k) * n + index / k] }  // Bᵀ, n×k
                var fromTransposed = [Float](repeating: .nan, count: panels.count)
                packPanels(stored, rows: k, columns: n, transposed: true, width: w, into: &fromTransposed)
                XCTAssertEqual(
                    fromTransposed.map(\.bitPattern), panels.map(\.bitPattern), "k \(k), n \(n), width \(w)")
            }
        }
    }

    /// A tiling's panels are as wide as its register tile.
    func testPanelsAreAsWideAsTheTile() {
        XCTAssertEqual(ProductTiling(rows: 4, columns: 32, wideTile: false).panelWidth, 16)
        XCTAssertEqual(ProductTiling(rows: 4, columns: 32, wideTile: true).panelWidth, 32)
    }

    /// Blocks are whole register tiles and whole panels, at least one, for
    /// any cache size.
    func testTilingsAreWholeTiles() {
        for bytes in [0, 1, 4096, 40_000, 524_288, 1_048_576, 1 << 30] {
            let tiling = ProductTiling(l2Bytes: bytes)
            XCTAssertGreaterThanOrEqual(tiling.rows, 4)
            XCTAssertGreaterThanOrEqual(tiling.columns, 32)
            XCTAssertEqual(tiling.rows % 4, 0)
            XCTAssertEqual(tiling.columns % 32, 0)
        }
        XCTAssertEqual(
            ProductTiling(l2Bytes: 512 * 1024, wideTile: false),
            ProductTiling(rows: 256, columns: 512, wideTile: false))
    }
}
