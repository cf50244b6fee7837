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
