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
/// How it is fast: `C` is computed in tiles of 4 rows × 16 columns, held in
/// four `SIMD16<Float>` accumulators for the whole sum over p. Each step of
/// the sum loads 16 elements of a row of B once and uses them for all four
/// rows, each multiplied by one broadcast element of A; the four
/// accumulators are independent, so the CPU overlaps their multiply-adds.
/// Multiply-adds are fused (`addingProduct`, one rounding), which makes the
/// result the same on every CPU whatever its vector width.
// ANCHOR: kernel
@inlinable
public func multiplyAdd(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool = false,
    _ b: UnsafePointer<Float>,
    m: Int, n: Int, k: Int
) {
    // Element (i, p) of op(A) is at a + i·rowStride + p·sumStride.
    let rowStride = aTransposed ? 1 : k
    let sumStride = aTransposed ? m : 1
    var column = 0
    while column < n {
        let lanes = min(16, n - column)  // 16 except in a last, partial tile
        var i = 0
        while i < m {
            let rows = min(4, m - i)
            let cTile = c + i * n + column
            if rows == 4 {
                var c0 = SIMD16<Float>(load: cTile, count: lanes)
                var c1 = SIMD16<Float>(load: cTile + n, count: lanes)
                var c2 = SIMD16<Float>(load: cTile + 2 * n, count: lanes)
                var c3 = SIMD16<Float>(load: cTile + 3 * n, count: lanes)
                var aColumn = a + i * rowStride
                var bRow = b + column
                for _ in 0..<k {
                    let bv = SIMD16<Float>(load: bRow, count: lanes)
                    c0.addProduct(SIMD16(repeating: aColumn[0]), bv)
                    c1.addProduct(SIMD16(repeating: aColumn[rowStride]), bv)
                    c2.addProduct(SIMD16(repeating: aColumn[2 * rowStride]), bv)
                    c3.addProduct(SIMD16(repeating: aColumn[3 * rowStride]), bv)
                    aColumn += sumStride
                    bRow += n
                }
                c0.store(to: cTile, count: lanes)
                c1.store(to: cTile + n, count: lanes)
                c2.store(to: cTile + 2 * n, count: lanes)
                c3.store(to: cTile + 3 * n, count: lanes)
            } else {
                for r in 0..<rows {  // the last 1 to 3 rows, one at a time
                    var acc = SIMD16<Float>(load: cTile + r * n, count: lanes)
                    var aElement = a + (i + r) * rowStride
                    var bRow = b + column
                    for _ in 0..<k {
                        let bv = SIMD16<Float>(load: bRow, count: lanes)
                        acc.addProduct(SIMD16(repeating: aElement.pointee), bv)
                        aElement += sumStride
                        bRow += n
                    }
                    acc.store(to: cTile + r * n, count: lanes)
                }
            }
            i += rows
        }
        column += lanes
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

    /// The first `count` floats at `pointer`, the other lanes zero.
    @inlinable @inline(__always)
    public init(load pointer: UnsafePointer<Float>, count: Int) {
        if count == 16 { self.init(load: pointer); return }
        self.init(repeating: 0)
        for lane in 0..<count { self[lane] = pointer[lane] }
    }

    @inlinable @inline(__always)
    public init(load pointer: UnsafeMutablePointer<Float>, count: Int) {
        self.init(load: UnsafePointer(pointer), count: count)
    }

    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD16<Float>.self)
    }

    /// Stores the first `count` lanes.
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count == 16 { store(to: pointer); return }
        for lane in 0..<count { pointer[lane] = self[lane] }
    }
}
