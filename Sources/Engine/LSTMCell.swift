import NumericCore

/// The LSTM cell for one sequence at one timestep, forward and backward.
///
/// With z = x·W_x + h_{t-1}·W_h + b split into four blocks of H (Keras's order):
///
///     i = σ(z_i)      input gate: how much of the candidate to write
///     f = σ(z_f)      forget gate: how much of the old cell state to keep
///     g = tanh(z_g)   the candidate cell state
///     o = σ(z_o)      output gate: how much of the cell to show
///     c_t = f ⊙ c_{t-1} + i ⊙ g
///     h_t = o ⊙ tanh(c_t)
///
/// These two functions are the model's elementwise kernels. They walk the H
/// units 16 at a time with `SIMD16<Float>`, the last chunk partial when H is
/// not a multiple of 16. Some `a·b + c` are written as fused multiply-adds
/// (`c.addingProduct(a, b)`): one instruction and one rounding instead of two.
/// Swift never fuses a plain `a * b + c` by itself, so either form gives the
/// same bits in every build; the fused one is a little faster and more exact.
enum LSTMCell {
    // ANCHOR: cell-forward
    /// Turns the pre-activations `gates` (4H) into the activations i, f, g, o
    /// in place, and writes c_t, tanh(c_t) and h_t (H each). The backward pass
    /// reads the activations, c_{t-1}, c_t and tanh(c_t) back from these buffers.
    @inline(__always)
    static func forward(
        gates: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
        tanhCell: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        previousCell: UnsafePointer<Float>?, hiddenSize h: Int
    ) {
        var j = 0
        while j < h {
            let lanes = min(16, h - j)
            let i = Activation.sigmoid(SIMD16(load: gates + j, count: lanes))
            let f = Activation.sigmoid(SIMD16(load: gates + h + j, count: lanes))
            let g = Activation.tanh(SIMD16(load: gates + 2 * h + j, count: lanes))
            let o = Activation.sigmoid(SIMD16(load: gates + 3 * h + j, count: lanes))
            let cPrev = previousCell.map { SIMD16(load: $0 + j, count: lanes) } ?? .zero
            let c = (i * g).addingProduct(f, cPrev)
            let tc = Activation.tanh(c)
            i.store(to: gates + j, count: lanes)
            f.store(to: gates + h + j, count: lanes)
            g.store(to: gates + 2 * h + j, count: lanes)
            o.store(to: gates + 3 * h + j, count: lanes)
            c.store(to: cell + j, count: lanes)
            tc.store(to: tanhCell + j, count: lanes)
            (o * tc).store(to: hidden + j, count: lanes)
            j += lanes
        }
    }
    // ANCHOR_END: cell-forward

    // ANCHOR: cell-backward
    /// From dL/dh_t (`dHidden`) and dL/dc_t (`dCell`, which arrives from the
    /// step after), computes dL/dz for the four gate blocks (`dGates`, 4H) and
    /// replaces `dCell` with dL/dc_{t-1}. Each line is the chain rule applied
    /// to one line of the forward pass, read bottom to top:
    ///
    ///     dc    += dh ⊙ o ⊙ (1 - tanh²(c_t))      (from h_t = o ⊙ tanh(c_t))
    ///     do     = dh ⊙ tanh(c_t)
    ///     di     = dc ⊙ g,  dg = dc ⊙ i,  df = dc ⊙ c_{t-1}
    ///     dc_{t-1} = dc ⊙ f
    ///     dz_i = di ⊙ i(1-i), dz_f = df ⊙ f(1-f), dz_g = dg ⊙ (1-g²), dz_o = do ⊙ o(1-o)
    @inline(__always)
    static func backward(
        dGates: UnsafeMutablePointer<Float>, dCell: UnsafeMutablePointer<Float>,
        dHidden: UnsafePointer<Float>, gates: UnsafePointer<Float>,
        tanhCell: UnsafePointer<Float>, previousCell: UnsafePointer<Float>?, hiddenSize h: Int
    ) {
        var j = 0
        while j < h {
            let lanes = min(16, h - j)
            let i = SIMD16(load: gates + j, count: lanes)
            let f = SIMD16(load: gates + h + j, count: lanes)
            let g = SIMD16(load: gates + 2 * h + j, count: lanes)
            let o = SIMD16(load: gates + 3 * h + j, count: lanes)
            let tc = SIMD16(load: tanhCell + j, count: lanes)
            let cPrev = previousCell.map { SIMD16(load: $0 + j, count: lanes) } ?? .zero
            let dh = SIMD16(load: dHidden + j, count: lanes)
            let one = SIMD16<Float>(repeating: 1)
            let dcFuture = SIMD16(load: dCell + j, count: lanes)
            let dc = dcFuture.addingProduct(dh * o, one.addingProduct(-tc, tc))
            let (di, df, dg, dOut) = (dc * g, dc * cPrev, dc * i, dh * tc)
            (di * i * (1 - i)).store(to: dGates + j, count: lanes)
            (df * f * (1 - f)).store(to: dGates + h + j, count: lanes)
            (dg * one.addingProduct(-g, g)).store(to: dGates + 2 * h + j, count: lanes)
            (dOut * o * (1 - o)).store(to: dGates + 3 * h + j, count: lanes)
            (dc * f).store(to: dCell + j, count: lanes)
            j += lanes
        }
    }
    // ANCHOR_END: cell-backward
}
