/// The one matrix product the model needs: `C += op(A) · B`, row-major.
///
/// `C` is m×n, `B` is k×n, and `op(A)` is m×k: `A` itself (stored m×k) or,
/// with `aTransposed`, the transpose of an A stored k×m. The LSTM uses it
/// three ways per timestep block:
///
///     gates     += h_prev · W_h          (forward, A = h_prev)
///     dh_prev   += dGates · W_hᵀ         (backward, with W_hᵀ kept as a matrix)
///     dW_h      += h_prevᵀ · dGates      (backward, all timesteps in one product)
///
/// How it is fast: each row of `C` is processed in blocks of 64 columns
/// (four `SIMD16<Float>` accumulators). A block stays in registers for the
/// whole sum over `p`, so `C` is loaded and stored once, not k times; each
/// step of the sum broadcasts one element of `A` and adds it times a row
/// block of `B`. Products and sums are plain `a * b + c` (no fused
/// multiply-add), so the result does not depend on the CPU's vector width.
@inlinable
public func multiplyAdd(
    _ c: UnsafeMutablePointer<Float>,
    _ a: UnsafePointer<Float>, aTransposed: Bool = false,
    _ b: UnsafePointer<Float>,
    m: Int, n: Int, k: Int
) {
    // Where element (i, p) of op(A) lives.
    let rowStride = aTransposed ? 1 : k
    let columnStride = aTransposed ? m : 1
    var column = 0
    while column < n {
        let width = min(64, n - column)
        if width == 64 {
            for i in 0..<m {
                let cRow = c + i * n + column
                var acc0 = SIMD16<Float>(load: cRow)
                var acc1 = SIMD16<Float>(load: cRow + 16)
                var acc2 = SIMD16<Float>(load: cRow + 32)
                var acc3 = SIMD16<Float>(load: cRow + 48)
                var aElement = a + i * rowStride
                var bRow = b + column
                for _ in 0..<k {
                    let s = SIMD16<Float>(repeating: aElement.pointee)
                    acc0 = s * SIMD16<Float>(load: bRow) + acc0
                    acc1 = s * SIMD16<Float>(load: bRow + 16) + acc1
                    acc2 = s * SIMD16<Float>(load: bRow + 32) + acc2
                    acc3 = s * SIMD16<Float>(load: bRow + 48) + acc3
                    aElement += columnStride
                    bRow += n
                }
                acc0.store(to: cRow)
                acc1.store(to: cRow + 16)
                acc2.store(to: cRow + 32)
                acc3.store(to: cRow + 48)
            }
        } else {
            // A narrow last block (fewer than 64 columns): one vector at a
            // time, the last one partial.
            var offset = 0
            while offset < width {
                let lanes = min(16, width - offset)
                for i in 0..<m {
                    let cRow = c + i * n + column + offset
                    var acc = SIMD16<Float>(load: cRow, count: lanes)
                    var aElement = a + i * rowStride
                    var bRow = b + column + offset
                    for _ in 0..<k {
                        acc = SIMD16<Float>(repeating: aElement.pointee) * SIMD16<Float>(load: bRow, count: lanes) + acc
                        aElement += columnStride
                        bRow += n
                    }
                    acc.store(to: cRow, count: lanes)
                }
                offset += lanes
            }
        }
        column += width
    }
}

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
    @inlinable
    public init(load pointer: UnsafePointer<Float>, count: Int) {
        if count == 16 { self.init(load: pointer); return }
        self.init(repeating: 0)
        for lane in 0..<count { self[lane] = pointer[lane] }
    }

    @inlinable
    public init(load pointer: UnsafeMutablePointer<Float>, count: Int) {
        self.init(load: UnsafePointer(pointer), count: count)
    }

    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD16<Float>.self)
    }

    /// Stores the first `count` lanes.
    @inlinable
    public func store(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count == 16 { store(to: pointer); return }
        for lane in 0..<count { pointer[lane] = self[lane] }
    }
}
