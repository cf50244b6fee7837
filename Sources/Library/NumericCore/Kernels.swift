// The numeric kernels: the matrix product, y += a·x, and Adam's update, on
// vectors of 16 floats loaded and stored by the helpers at the end of this
// file. They share one file on purpose: a debug build compiles each file on
// its own, and the compiler inlines the little load and store helpers only
// into code of the same file (or of another module); called out of line,
// they cost the update of Adam alone 10 µs a step.

/// The one matrix product the model needs: `C += op(A) · B`, row-major.
///
/// `C` is m×n, `B` is k×n, and `op(A)` is m×k: `A` itself (stored m×k) or,
/// with `aTransposed`, the transpose of an A stored k×m. The LSTM uses it
/// three ways:
///
///     gates     += h_prev · W_h          (forward, per timestep)
///     dh_prev   += dGates · W_hᵀ         (backward, per timestep, with W_hᵀ kept as a matrix)
///     dW_h      += h_prevᵀ · dGates      (backward, all timesteps in one product)
///
/// How it is fast: `C` is computed in tiles of 4 rows × 32 columns, held in
/// eight `SIMD16<Float>` accumulators (two per row) for the whole sum over p.
/// Each step of the sum loads 32 elements of a row of B once and uses them
/// for all four rows, each multiplied by one broadcast element of A. The
/// eight accumulators are independent, so the CPU overlaps their
/// multiply-adds: a multiply-add takes 4 cycles before its result can be
/// used, and an AVX-512 core can start one (on 16 floats) every cycle, so
/// fewer than four chains in flight leave it idle. (Four, in 4×16 tiles,
/// measured 8% slower in training.)
///
/// Every element of C is its own chain of fused multiply-adds (one rounding
/// each) over p = 0, 1, 2, … in order, whatever the tile: the result is the
/// same bits on every CPU, with 512-bit registers or 256-bit ones
/// (`MatrixProductTests` checks each element against that scalar chain).
// ANCHOR: kernel
@inlinable
public func multiplyAdd(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool = false,
    _ b: UnsafePointer<Float>,
    m: Int, n: Int, k: Int
) {
    var column = 0
    while column + 32 <= n {  // whole tiles of 32 columns
        multiplyAddColumns(
            c, a, aTransposed: aTransposed, b, m: m, n: n, k: k,
            column: column, lanes: 32)
        column += 32
    }
    if column < n {  // the last 1 to 31 columns, in vectors partly filled
        multiplyAddColumns(
            c, a, aTransposed: aTransposed, b, m: m, n: n, k: k,
            column: column, lanes: n - column)
    }
}

/// Columns `column ..< column + lanes` of C, 4 rows at a time. A last tile
/// of 1 to 3 rows still runs four accumulators (the missing rows repeat the
/// last real one) and stores only the real rows: four independent sums are
/// faster than one, even with some of them thrown away.
@inlinable @inline(__always)
func multiplyAddColumns(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool,
    _ b: UnsafePointer<Float>,
    m: Int, n: Int, k: Int, column: Int, lanes: Int
) {
    // Element (i, p) of op(A) is at a + i·rowStride + p·sumStride.
    let rowStride = aTransposed ? 1 : k
    let sumStride = aTransposed ? m : 1
    // Each row of the tile is two vectors, `c` (columns 0..<16) and `d` (16..<32).
    let (cl, dl) = (min(lanes, 16), lanes - 16)
    var i = 0
    while i < m {
        let rows = min(4, m - i)
        let (row0, row1) = (c + i * n + column, c + (i + 1) * n + column)
        let (row2, row3) = (c + (i + 2) * n + column, c + (i + 3) * n + column)
        // Rows past the last real one repeat it: computed, never stored.
        let a1 = min(1, rows - 1) * rowStride
        let a2 = min(2, rows - 1) * rowStride
        let a3 = min(3, rows - 1) * rowStride
        // A row of the tile in C, as its two vectors.
        func load(_ row: UnsafeMutablePointer<Float>) -> (SIMD16<Float>, SIMD16<Float>) {
            (SIMD16(load: row, count: cl), SIMD16(load: row + 16, count: dl))
        }
        func store(
            _ c: SIMD16<Float>, _ d: SIMD16<Float>,
            to row: UnsafeMutablePointer<Float>
        ) {
            c.store(to: row, count: cl)
            d.store(to: row + 16, count: dl)
        }
        var (c0, d0) = load(row0)
        var (c1, d1) = rows > 1 ? load(row1) : (c0, d0)
        var (c2, d2) = rows > 2 ? load(row2) : (c0, d0)
        var (c3, d3) = rows > 3 ? load(row3) : (c0, d0)
        var aColumn = a + i * rowStride
        var bRow = b + column
        for _ in 0..<k {
            let bc = SIMD16(load: bRow, count: cl)
            let bd = SIMD16(load: bRow + 16, count: dl)
            let x0 = SIMD16(repeating: aColumn[0]), x1 = SIMD16(repeating: aColumn[a1])
            let x2 = SIMD16(repeating: aColumn[a2]), x3 = SIMD16(repeating: aColumn[a3])
            c0.addProduct(x0, bc); d0.addProduct(x0, bd)
            c1.addProduct(x1, bc); d1.addProduct(x1, bd)
            c2.addProduct(x2, bc); d2.addProduct(x2, bd)
            c3.addProduct(x3, bc); d3.addProduct(x3, bd)
            aColumn += sumStride
            bRow += n
        }
        store(c0, d0, to: row0)
        if rows > 1 { store(c1, d1, to: row1) }
        if rows > 2 { store(c2, d2, to: row2) }
        if rows > 3 { store(c3, d3, to: row3) }
        i += rows
    }
}
// ANCHOR_END: kernel

// ANCHOR: panels
/// How many rows of B one pass of the register tile sums over in the packed
/// product: 128 rows of a panel, at most 128 × 32 floats, are 16 KB, half of
/// a 32 KB L1 data cache. Fixed rather than read from the machine, though the
/// results do not depend on it (see `multiplyAdd(…panels:…)`).
public let panelDepth = 128

/// How many floats `packPanels` writes for a k×n matrix: ⌈n/w⌉ panels of
/// k×w, w the panels' `width`.
@inlinable
public func panelStorageCount(
    rows k: Int, columns n: Int, width: Int = ProductTiling.current.panelWidth
) -> Int {
    (n + width - 1) / width * width * k
}

// ANCHOR: pack-panels
/// Copies B (k×n, row-major) into panels `width` columns wide (w below),
/// for the packed `multiplyAdd(…panels:…)`: as wide as the register tile,
/// 32 columns with AVX-512's, 16 with AVX2's (`ProductTiling.panelWidth`).
///
/// Panel t holds columns wt ..< wt + w of B, row after row, w floats a row;
/// the last panel's missing columns are zeros. The rows the register tile
/// reads one after the other are then next to each other in memory, and it
/// reads every byte of them. In B itself they are n floats apart, 4 KB when
/// n = 1024, and addresses 4 KB apart fall into the same few sets of the L1
/// and L2 caches: a slice of B a tile wide stays in neither, however few
/// its rows.
///
/// With `transposed`, the matrix packed is the transpose of `b`, which is
/// then stored n×k: B[p, j] = b[j·k + p]. That packs W_hᵀ straight from W_h.
public func packPanels(
    _ b: UnsafePointer<Float>, rows k: Int, columns n: Int, transposed: Bool = false,
    width w: Int = ProductTiling.current.panelWidth,
    into panels: UnsafeMutablePointer<Float>
) {
    var panel = panels
    for first in stride(from: 0, to: n, by: w) {
        let lanes = min(w, n - first)
        if lanes < w { panel.update(repeating: 0, count: w * k) }
        if transposed {  // column j of B is row j of b
            for lane in 0..<lanes {
                let source = b + (first + lane) * k
                for p in 0..<k { panel[p * w + lane] = source[p] }
            }
        } else if lanes == w {  // whole rows of the panel, 16 floats at a time
            for p in 0..<k {
                for lane in stride(from: 0, to: w, by: 16) {
                    SIMD16(load: b + p * n + first + lane).store(to: panel + p * w + lane)
                }
            }
        } else {
            for p in 0..<k {
                (panel + p * w).update(from: b + p * n + first, count: lanes)
            }
        }
        panel += w * k
    }
}
// ANCHOR_END: pack-panels

/// How the packed product cuts C into blocks, `rows` × `columns` (multiples
/// of 4 and 32), and which register tile it uses (`wideTile`: 4×32, else
/// 4×16). Only C is cut, never the sum, so every tiling gives the same
/// bits; `ProductTiling.current` follows this machine's L2 cache and registers.
public struct ProductTiling: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    public let wideTile: Bool

    public init(rows: Int, columns: Int, wideTile: Bool = RegisterTile.wide) {
        precondition(
            rows >= 4 && rows % 4 == 0 && columns >= 32 && columns % 32 == 0,
            "blocks are whole register tiles")
        (self.rows, self.columns, self.wideTile) = (rows, columns, wideTile)
    }

    /// Blocks for an L2 cache of `l2Bytes`: the slice of A for a block of
    /// rows (`rows` × 128 floats) in a quarter of it, and the slices of the
    /// panels of a block of columns (128 × `columns` floats) in half of it.
    public init(l2Bytes: Int, wideTile: Bool = RegisterTile.wide) {
        let row = panelDepth * MemoryLayout<Float>.size
        self.init(
            rows: max(4, l2Bytes / 4 / row / 4 * 4),
            columns: max(32, l2Bytes / 2 / row / 32 * 32), wideTile: wideTile)
    }

    /// For this machine's L2 cache and registers (`CacheSize`, `RegisterTile`).
    public static let current = ProductTiling(l2Bytes: CacheSize.l2Bytes)

    /// How wide the panels are that the product reads with this tiling: as
    /// wide as its register tile (pass it to `packPanels`).
    @inlinable
    public var panelWidth: Int { wideTile ? 32 : 16 }
}

// ANCHOR: packed-product
/// `C += op(A) · B` as `multiplyAdd(_:_:aTransposed:_:m:n:k:)` computes it,
/// with B given as the panels `packPanels` made of it, in blocks that stay
/// in the caches while they are reused:
///
///     for each block of `tiling.columns` columns of C
///       for each slice of 128 rows of B, in order of p        (the sum, in order)
///         for each block of `tiling.rows` rows of C          (their A in L2)
///           for each panel: the register tile over the slice  (the slice in L1)
///
/// Between two slices of the sum an element of C waits in memory as the
/// Float it was in its register, and the slices come in order of p: each
/// element is still one chain of fused multiply-adds over p = 0, 1, 2, … in
/// order, the bits of the unpacked product, whatever the tiling and the tile.
@inlinable
public func multiplyAdd(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool = false,
    panels: UnsafePointer<Float>,
    m: Int, n: Int, k: Int,
    tiling: ProductTiling = .current
) {
    let (rowStride, sumStride) = aTransposed ? (1, m) : (k, 1)
    let width = tiling.panelWidth  // the register tile's, and the panels'
    for firstColumn in stride(from: 0, to: n, by: tiling.columns) {
        let endColumn = min(n, firstColumn + tiling.columns)
        for p in stride(from: 0, to: k, by: panelDepth) {
            let depth = min(panelDepth, k - p)
            for firstRow in stride(from: 0, to: m, by: tiling.rows) {
                let rows = min(tiling.rows, m - firstRow)
                let aSlice = a + firstRow * rowStride + p * sumStride
                for column in stride(from: firstColumn, to: endColumn, by: width) {
                    // Row p of the panel that starts at `column`.
                    let bSlice = panels + column * k + p * width
                    let cBlock = c + firstRow * n + column
                    let lanes = min(width, endColumn - column)
                    // `wide` a constant in each call, so each compiles to its own loop.
                    if tiling.wideTile {
                        multiplyAddPanelTile(
                            cBlock, n, aSlice, rowStride, sumStride,
                            bSlice, rows, depth, lanes, wide: true)
                    } else {
                        multiplyAddPanelTile(
                            cBlock, n, aSlice, rowStride, sumStride,
                            bSlice, rows, depth, lanes, wide: false)
                    }
                }
            }
        }
    }
}
// ANCHOR_END: packed-product

/// `lanes` columns (up to 32, or 16 unless `wide`) of m rows of C, rows
/// `cStride` floats apart, 4 rows at a time, plus the sum over k rows of a
/// panel from `b`. A panel is as wide as the tile, its rows 32 floats apart
/// (16 unless `wide`) and padded with zeros, so B is always read in whole
/// vectors; only C's last columns may be a partial vector. As in
/// `multiplyAddColumns`, a last tile of 1 to 3 rows repeats its last row.
@inlinable @inline(__always)
func multiplyAddPanelTile(
    _ c: UnsafeMutablePointer<Float>, _ cStride: Int,
    _ a: UnsafePointer<Float>, _ rowStride: Int, _ sumStride: Int,
    _ b: UnsafePointer<Float>, _ m: Int, _ k: Int, _ lanes: Int, wide: Bool
) {
    let (cl, dl) = (min(lanes, 16), wide ? lanes - 16 : 0)
    var i = 0
    while i < m {
        let rows = min(4, m - i)
        let (row0, row1) = (c + i * cStride, c + (i + 1) * cStride)
        let (row2, row3) = (c + (i + 2) * cStride, c + (i + 3) * cStride)
        let a1 = min(1, rows - 1) * rowStride
        let a2 = min(2, rows - 1) * rowStride
        let a3 = min(3, rows - 1) * rowStride
        var c0 = SIMD16(load: row0, count: cl)
        var c1 = rows > 1 ? SIMD16(load: row1, count: cl) : c0
        var c2 = rows > 2 ? SIMD16(load: row2, count: cl) : c0
        var c3 = rows > 3 ? SIMD16(load: row3, count: cl) : c0
        var aColumn = a + i * rowStride
        var bRow = b
        if wide {
            var d0 = SIMD16(load: row0 + 16, count: dl)
            var d1 = rows > 1 ? SIMD16(load: row1 + 16, count: dl) : d0
            var d2 = rows > 2 ? SIMD16(load: row2 + 16, count: dl) : d0
            var d3 = rows > 3 ? SIMD16(load: row3 + 16, count: dl) : d0
            for _ in 0..<k {
                let (bc, bd) = (SIMD16(load: bRow), SIMD16(load: bRow + 16))
                let x0 = SIMD16(repeating: aColumn[0])
                let x1 = SIMD16(repeating: aColumn[a1])
                let x2 = SIMD16(repeating: aColumn[a2])
                let x3 = SIMD16(repeating: aColumn[a3])
                c0.addProduct(x0, bc); d0.addProduct(x0, bd)
                c1.addProduct(x1, bc); d1.addProduct(x1, bd)
                c2.addProduct(x2, bc); d2.addProduct(x2, bd)
                c3.addProduct(x3, bc); d3.addProduct(x3, bd)
                aColumn += sumStride
                bRow += 32
            }
            d0.store(to: row0 + 16, count: dl)
            if rows > 1 { d1.store(to: row1 + 16, count: dl) }
            if rows > 2 { d2.store(to: row2 + 16, count: dl) }
            if rows > 3 { d3.store(to: row3 + 16, count: dl) }
        } else {
            for _ in 0..<k {
                let bc = SIMD16(load: bRow)
                c0.addProduct(SIMD16(repeating: aColumn[0]), bc)
                c1.addProduct(SIMD16(repeating: aColumn[a1]), bc)
                c2.addProduct(SIMD16(repeating: aColumn[a2]), bc)
                c3.addProduct(SIMD16(repeating: aColumn[a3]), bc)
                aColumn += sumStride
                bRow += 16
            }
        }
        c0.store(to: row0, count: cl)
        if rows > 1 { c1.store(to: row1, count: cl) }
        if rows > 2 { c2.store(to: row2, count: cl) }
        if rows > 3 { c3.store(to: row3, count: cl) }
        i += rows
    }
}
// ANCHOR_END: panels

extension SIMD16 where Scalar == Float {
    /// The 16 floats starting at `pointer`.
    @inlinable @inline(__always)
    public init(load pointer: UnsafePointer<Float>) {
        self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inlinable @inline(__always)
    public init(load pointer: UnsafeMutablePointer<Float>) {
        self.init(load: UnsafePointer(pointer))
    }

    /// The first `count` floats at `pointer` (`count` ≤ 16), the other lanes zero.
    @inlinable @inline(__always)
    public init(load pointer: UnsafePointer<Float>, count: Int) {
        self = count >= 16 ? SIMD16(load: pointer) : .partial(pointer, count: count)
    }

    @inlinable @inline(__always)
    public init(load pointer: UnsafeMutablePointer<Float>, count: Int) {
        self.init(load: UnsafePointer(pointer), count: count)
    }

    /// A vector partly filled, out of line: the loop over lanes inlined at
    /// every load would stop the compiler from keeping the kernels' vectors
    /// in whole registers.
    @inlinable @inline(never)
    static func partial(_ pointer: UnsafePointer<Float>, count: Int) -> SIMD16<Float> {
        var v = SIMD16<Float>()
        for lane in 0..<Swift.max(count, 0) { v[lane] = pointer[lane] }
        return v
    }

    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD16<Float>.self)
    }

    /// Stores the first `count` lanes (`count` ≤ 16).
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 16 { store(to: pointer) } else { storePartial(to: pointer, count: count) }
    }

    @inlinable @inline(never)
    func storePartial(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        for lane in 0..<Swift.max(count, 0) { pointer[lane] = self[lane] }
    }
}

/// y += a·x over `count` floats (BLAS's axpy), 16 at a time.
///
/// The compiler will not vectorise this loop by itself when it cannot prove
/// that `x` and `y` do not overlap, and a scalar loop over the 4H gate
/// columns costs as much as the matrix product next to it.
@inlinable
public func addScaled(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, count: Int) {
    let scale = SIMD16<Float>(repeating: a)
    var j = 0
    while j + 16 <= count {
        var acc = SIMD16<Float>(load: y + j)
        acc.addProduct(scale, SIMD16<Float>(load: x + j))
        acc.store(to: y + j)
        j += 16
    }
    while j < count {  // the last few, one at a time: the same fused multiply-add
        y[j].addProduct(a, x[j])
        j += 1
    }
}

/// Adam's update of `count` parameters (chapter 5's `Adam.updateOneAtATime`, whose
/// notation this follows), 16 at a time.
///
/// The arithmetic of each parameter is exactly that of chapter 5's loop:
/// the same fused multiply-adds, a correctly rounded square root and
/// division, in the same order, so the two give the same bits (a test checks
/// it). The compiler turns the loop over Swift arrays there into scalar
/// code, one parameter at a time; this version says "16 at a time" outright
/// rather than relying on the optimiser to find it.
// ANCHOR: adam
@inlinable
public func adamUpdate(
    weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
    m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int,
    alpha: Float, beta1: Float, beta2: Float, epsilon: Float
) {
    let (keep1, keep2) = (1 - beta1, 1 - beta2)
    var i = 0
    while i + 16 <= count {
        let g = SIMD16<Float>(load: gradients + i)
        var mi = SIMD16<Float>(load: m + i), vi = SIMD16<Float>(load: v + i)
        mi.addProduct(g - mi, SIMD16(repeating: keep1))
        vi.addProduct((-vi).addingProduct(g, g), SIMD16(repeating: keep2))
        let step = (mi * alpha) / (vi.squareRoot() + epsilon)
        (SIMD16<Float>(load: weights + i) - step).store(to: weights + i)
        mi.store(to: m + i)
        vi.store(to: v + i)
        i += 16
    }
    while i < count {  // the last few, one at a time
        let g = gradients[i]
        m[i].addProduct(g - m[i], keep1)
        v[i].addProduct((-v[i]).addingProduct(g, g), keep2)
        weights[i] -= (m[i] * alpha) / (v[i].squareRoot() + epsilon)
        i += 1
    }
}
// ANCHOR_END: adam
