/// y += a·x over `count` floats (BLAS's axpy), 16 at a time.
///
/// The compiler will not vectorise this loop by itself when it cannot prove
/// that `x` and `y` do not overlap, and a scalar loop over the 4H gate
/// columns costs as much as the matrix product next to it.
@inlinable
public func addScaled(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, count: Int) {
    let scale = SIMD16<Float>(repeating: a)
    var j = 0
    while j < count {
        let lanes = min(16, count - j)
        var acc = SIMD16<Float>(load: y + j, count: lanes)
        acc.addProduct(scale, SIMD16<Float>(load: x + j, count: lanes))
        acc.store(to: y + j, count: lanes)
        j += lanes
    }
}
