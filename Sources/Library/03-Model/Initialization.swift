import Engine
import Foundation
import NumericCore
import Parameters

extension LSTMClassifier {
    /// A freshly initialised model; the weights come from `seed` alone.
    public convenience init(_ hp: Hyperparameters, seed: UInt64) {
        let layout = ParameterLayout(hp)
        var random = Xoshiro256(seed: seed)
        self.init(layout: layout, weights: Self.initialWeights(layout, random: &random))
    }

    /// Fresh weights, initialised as Keras initialises `LSTM` and `Dense`.
    ///
    /// - `lstm/kernel`: Glorot-uniform, U(-l, l) with l = √(6 / (fan_in + fan_out)).
    /// - `lstm/recurrent_kernel`: orthogonal. Its H rows are orthonormal, so
    ///   at the start multiplying the state by it neither grows nor shrinks it,
    ///   which keeps gradients through time from exploding or vanishing.
    /// - `lstm/bias`: zero, except the forget gate's block, which is 1
    ///   (`unit_forget_bias`): σ(1) ≈ 0.73, so an untrained cell starts out
    ///   remembering most of its state instead of forgetting half of it.
    /// - `dense/kernel`: Glorot-uniform; `dense/bias`: zero.
    // ANCHOR: initialization
    public static func initialWeights(
        _ layout: ParameterLayout, random: inout Xoshiro256
    ) -> [Float] {
        var weights = [Float](repeating: 0, count: layout.count)
        let h = layout.hiddenSize
        func glorotUniform(_ slice: TensorSlice) {
            let (fanIn, fanOut) = (slice.shape[0], slice.shape[1])
            let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
            for i in slice.range { weights[i] = random.float(in: -limit...limit) }
        }
        glorotUniform(layout.kernel)
        let orthogonal = orthogonalRows(rows: h, columns: 4 * h, random: &random)
        weights.replaceSubrange(layout.recurrentKernel.range, with: orthogonal)
        for j in h..<(2 * h) { weights[layout.bias.offset + j] = 1 }  // the forget gate's
        glorotUniform(layout.denseKernel)
        return weights
    }
    // ANCHOR_END: initialization

    /// A rows×columns matrix (rows ≤ columns) whose rows are orthonormal, as
    /// Keras's `Orthogonal` initializer makes it: the Q of a QR decomposition
    /// of a columns×rows matrix of standard normal samples, with the signs
    /// chosen so that R has a positive diagonal, transposed. Gram–Schmidt in
    /// double precision computes exactly that Q.
    static func orthogonalRows(rows: Int, columns: Int, random: inout Xoshiro256) -> [Float] {
        precondition(rows <= columns)
        // Row r of q is the r-th column of the columns×rows Gaussian matrix,
        // made orthonormal against rows 0..<r. The loops run over raw
        // buffers: the same additions in the same order as
        // `zip(u, v).reduce` would do them, without its per-element overhead
        // (at H = 512 this is a few hundred million multiply-adds in a
        // chain, and took 3.7 s written with `zip`).
        var q = [Double](repeating: 0, count: rows * columns)
        var v = [Double](repeating: 0, count: columns)
        var made = 0
        while made < rows {
            for i in 0..<columns { v[i] = random.normal() }
            let norm = q.withUnsafeBufferPointer { q in
                v.withUnsafeMutableBufferPointer { v in
                    for _ in 0..<2 {  // twice is enough for orthogonality to rounding
                        for r in 0..<made {
                            let u = q.baseAddress! + r * columns
                            var dot = 0.0
                            for i in 0..<columns { dot = dot.addingProduct(u[i], v[i]) }
                            for i in 0..<columns { v[i].addProduct(-dot, u[i]) }
                        }
                    }
                    var sum = 0.0
                    for i in 0..<columns { sum = sum.addingProduct(v[i], v[i]) }
                    return sum.squareRoot()
                }
            }
            if norm < 1e-6 { continue }  // a draw in the span of the others: draw again
            for i in 0..<columns { q[made * columns + i] = v[i] / norm }
            made += 1
        }
        return q.map(Float.init)
    }
}
