import NumericCore

/// Adam, with Keras 3's defaults and update rule.
///
/// For every parameter w with gradient g, at step t = 1, 2, …:
///
///     m ← m + (g - m)(1 - β₁)            running mean of the gradient
///     v ← v + (g² - v)(1 - β₂)           running mean of its square
///     α = lr · √(1 - β₂ᵗ) / (1 - β₁ᵗ)
///     w ← w - α · m / (√v + ε)
///
/// m and v start at zero, so early on they are biased towards zero: after
/// one step m is only (1 - β₁)·g = 0.1·g. Dividing by 1 - β₁ᵗ (and the
/// square root of 1 - β₂ᵗ for v) removes that bias; Keras folds both
/// corrections into the step size α, as here. The division by √v gives
/// every parameter its own step size: about `lr` in magnitude, whatever the
/// scale of its gradient.
public struct Adam: Sendable {
    // ANCHOR: adam-state
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-7
    /// How many updates have been applied.
    public private(set) var step = 0
    /// The first and second moments, one entry per parameter.
    public private(set) var m: [Float]
    public private(set) var v: [Float]

    public init(parameterCount: Int, learningRate: Float) {
        self.learningRate = learningRate
        m = [Float](repeating: 0, count: parameterCount)
        v = [Float](repeating: 0, count: parameterCount)
    }
    // ANCHOR_END: adam-state

    // ANCHOR: adam
    public mutating func updateOneAtATime(_ weights: inout [Float], gradients: [Float]) {
        precondition(weights.count == m.count && gradients.count == m.count)
        step += 1
        let alpha =
            learningRate * (1 - Maths.power(beta2, step)).squareRoot()
            / (1 - Maths.power(beta1, step))
        for i in weights.indices {
            let g = gradients[i]
            m[i].addProduct(g - m[i], 1 - beta1)
            v[i].addProduct((-v[i]).addingProduct(g, g), 1 - beta2)
            weights[i] -= (m[i] * alpha) / (v[i].squareRoot() + epsilon)
        }
    }
    // ANCHOR_END: adam

    /// One Adam step: `updateOneAtATime`'s arithmetic, 16 parameters at a
    /// time, with the same bits (chapter 7 shows the kernel and why it is
    /// needed). Training calls this one.
    public mutating func update(_ weights: inout [Float], gradients: [Float]) {
        precondition(weights.count == m.count && gradients.count == m.count)
        step += 1
        let alpha =
            learningRate * (1 - Maths.power(beta2, step)).squareRoot()
            / (1 - Maths.power(beta1, step))
        let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
        weights.withUnsafeMutableBufferPointer { w in
            gradients.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        adamUpdate(
                            weights: w.baseAddress!, gradients: g.baseAddress!,
                            m: m.baseAddress!, v: v.baseAddress!, count: w.count,
                            alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
                    }
                }
            }
        }
    }
}
