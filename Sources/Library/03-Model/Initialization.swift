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
    ///
    /// `rejectingNormsBelow` is the norm under which a draw counts as lying
    /// in the span of the rows already made, and is drawn again; a test
    /// raises it to make that happen.
    static func orthogonalRows(
        rows: Int, columns: Int, random: inout Xoshiro256, rejectingNormsBelow limit: Double = 1e-6
    ) -> [Float] {
        precondition(rows <= columns)
        // Row r of q is the r-th column of the columns×rows Gaussian matrix,
        // made orthonormal against rows 0..<r: modified Gram–Schmidt, two
        // passes ("twice is enough" for orthogonality to rounding).
        //
        // Each projection's dot product is a chain of `columns` dependent
        // multiply-adds, which a core runs one after another: at H = 512
        // some 5·10⁸ of them, most of the initialisation's time. So two
        // vectors go through at once. While the current vector makes its
        // second pass over rows 0..<made, the next one, already drawn (it is
        // the next the generator gives whether the current one is kept or
        // not), makes its first pass over the same rows: two independent
        // chains in one loop. Each vector still meets the same multiply-adds
        // in the same order as alone, so the bits are those of the plain
        // loop (a test compares them), and the generator is asked for no
        // number the plain loop would not ask for.
        var q = [Double](repeating: 0, count: rows * columns)
        var current = [Double](repeating: 0, count: columns)
        var next = [Double](repeating: 0, count: columns)
        func draw(_ v: inout [Double]) {
            for i in 0..<columns { v[i] = random.normal() }
        }
        // The rows made so far, and each pass over them.
        func passes(over made: Int, _ body: (UnsafePointer<Double>) -> Void) {
            q.withUnsafeBufferPointer { q in
                for r in 0..<made { body(q.baseAddress! + r * columns) }
            }
        }
        var made = 0
        draw(&current)  // its first pass, over no rows, is done
        while made < rows {
            let hasNext = made + 1 < rows
            if hasNext { draw(&next) }
            current.withUnsafeMutableBufferPointer { v in
                next.withUnsafeMutableBufferPointer { w in
                    passes(over: made) { u in
                        if hasNext {
                            Self.project(v.baseAddress!, w.baseAddress!, onto: u, count: columns)
                        } else {
                            Self.project(v.baseAddress!, onto: u, count: columns)
                        }
                    }
                }
            }
            var sum = 0.0
            for i in 0..<columns { sum = sum.addingProduct(current[i], current[i]) }
            let norm = sum.squareRoot()
            if norm >= limit {
                for i in 0..<columns { q[made * columns + i] = current[i] / norm }
                made += 1
                guard hasNext else { break }
                // The next vector's first pass ends with the row just made.
                q.withUnsafeBufferPointer { q in
                    next.withUnsafeMutableBufferPointer { w in
                        Self.project(w.baseAddress!, onto: q.baseAddress! + (made - 1) * columns, count: columns)
                    }
                }
                swap(&current, &next)
            } else if hasNext {
                swap(&current, &next)  // in the span: the next one, its first pass made, takes its place
            } else {
                draw(&current)  // in the span, and the last row: a fresh draw, and its first pass
                current.withUnsafeMutableBufferPointer { v in
                    passes(over: made) { u in Self.project(v.baseAddress!, onto: u, count: columns) }
                }
            }
        }
        return q.map(Float.init)
    }

    /// v −= (u·v)·u, the dot product one chain of multiply-adds over i in order.
    @inline(__always)
    static func project(_ v: UnsafeMutablePointer<Double>, onto u: UnsafePointer<Double>, count: Int) {
        var dot = 0.0
        for i in 0..<count { dot = dot.addingProduct(u[i], v[i]) }
        for i in 0..<count { v[i].addProduct(-dot, u[i]) }
    }

    /// The same for two vectors at once: two independent chains in one loop,
    /// each the chain `project(_:onto:count:)` makes.
    @inline(__always)
    static func project(
        _ v: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>, onto u: UnsafePointer<Double>,
        count: Int
    ) {
        var (dotV, dotW) = (0.0, 0.0)
        for i in 0..<count {
            dotV = dotV.addingProduct(u[i], v[i])
            dotW = dotW.addingProduct(u[i], w[i])
        }
        for i in 0..<count {
            v[i].addProduct(-dotV, u[i])
            w[i].addProduct(-dotW, u[i])
        }
    }
}
