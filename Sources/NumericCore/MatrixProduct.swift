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
/// How it is fast: `C` is computed in tiles of 4 rows × one vector of
/// columns (`Vector`), held in four accumulators for the whole sum over p.
/// Each step of the sum loads a vector of a row of B once and uses it for
/// all four rows, each multiplied by one broadcast element of A; the four
/// accumulators are independent, so the CPU overlaps their multiply-adds.
///
/// The vector is 32 floats on CPUs with AVX-512 (two 512-bit registers per
/// row, eight accumulators in all, enough to keep its multiply-add units
/// busy) and 16 elsewhere (with AVX2, 16 floats already fill two of its
/// sixteen 256-bit registers, and a wider tile would not fit). The width
/// changes which elements are computed together, never the arithmetic:
/// every element of C is its own chain of fused multiply-adds (one rounding
/// each) over p = 0, 1, 2, … in order, so the result is the same bits on
/// every CPU (`MatrixProductTests` checks both widths against each other).
// ANCHOR: kernel
@inlinable
public func multiplyAdd(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool = false,
    _ b: UnsafePointer<Float>,
    m: Int, n: Int, k: Int
) {
    let width = 32
    var column = 0
    while column + width <= n {  // whole vectors of columns
        multiplyAddColumns(c, a, aTransposed: aTransposed, b, m: m, n: n, k: k,
                           column: column, lanes: width)
        column += width
    }
    if column < n {  // the last few columns, in a vector partly filled
        multiplyAddColumns(c, a, aTransposed: aTransposed, b, m: m, n: n, k: k,
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
    let (lanes0, lanes1) = (min(lanes, 16), lanes - 16)
    var i = 0
    while i < m {
        let rows = min(4, m - i)
        let cTile = c + i * n + column
        // Rows past the last real one repeat it: they are computed, never stored.
        let (r1, r2, r3) = (min(1, rows - 1) * rowStride, min(2, rows - 1) * rowStride, min(3, rows - 1) * rowStride)
        var c00 = SIMD16(load: cTile, count: lanes0), c01 = SIMD16(load: cTile + 16, count: lanes1)
        var c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
        var c20 = SIMD16<Float>(), c21 = SIMD16<Float>()
        var c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
        if rows > 1 { c10 = SIMD16(load: cTile + n, count: lanes0); c11 = SIMD16(load: cTile + n + 16, count: lanes1) }
        if rows > 2 { c20 = SIMD16(load: cTile + 2 * n, count: lanes0); c21 = SIMD16(load: cTile + 2 * n + 16, count: lanes1) }
        if rows > 3 { c30 = SIMD16(load: cTile + 3 * n, count: lanes0); c31 = SIMD16(load: cTile + 3 * n + 16, count: lanes1) }
        var aColumn = a + i * rowStride
        var bRow = b + column
        for _ in 0..<k {
            let b0 = SIMD16(load: bRow, count: lanes0), b1 = SIMD16(load: bRow + 16, count: lanes1)
            let x0 = SIMD16(repeating: aColumn[0]), x1 = SIMD16(repeating: aColumn[r1])
            let x2 = SIMD16(repeating: aColumn[r2]), x3 = SIMD16(repeating: aColumn[r3])
            c00.addProduct(x0, b0); c01.addProduct(x0, b1)
            c10.addProduct(x1, b0); c11.addProduct(x1, b1)
            c20.addProduct(x2, b0); c21.addProduct(x2, b1)
            c30.addProduct(x3, b0); c31.addProduct(x3, b1)
            aColumn += sumStride
            bRow += n
        }
        c00.store(to: cTile, count: lanes0); c01.store(to: cTile + 16, count: lanes1)
        if rows > 1 { c10.store(to: cTile + n, count: lanes0); c11.store(to: cTile + n + 16, count: lanes1) }
        if rows > 2 { c20.store(to: cTile + 2 * n, count: lanes0); c21.store(to: cTile + 2 * n + 16, count: lanes1) }
        if rows > 3 { c30.store(to: cTile + 3 * n, count: lanes0); c31.store(to: cTile + 3 * n + 16, count: lanes1) }
        i += rows
    }
}
// ANCHOR_END: kernel


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

extension SIMD32 where Scalar == Float {
    /// The first `count` floats at `pointer` (`count` ≤ 32), the other lanes zero.
    @inlinable @inline(__always)
    public init(load pointer: UnsafePointer<Float>, count: Int) {
        self.init(lowHalf: SIMD16(load: pointer, count: count),
                  highHalf: SIMD16(load: pointer + 16, count: count - 16))
    }

    @inlinable @inline(__always)
    public init(load pointer: UnsafeMutablePointer<Float>, count: Int) {
        self.init(load: UnsafePointer(pointer), count: count)
    }

    /// Stores the first `count` lanes (`count` ≤ 32).
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        lowHalf.store(to: pointer, count: count)
        highHalf.store(to: pointer + 16, count: count - 16)
    }
}
