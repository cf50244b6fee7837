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
/// units 16 at a time with `SIMD16<Float>`. Some `a·b + c` are written as
/// fused multiply-adds (`c.addingProduct(a, b)`): one instruction and one
/// rounding instead of two. Swift never fuses a plain `a * b + c` by itself,
/// so either form gives the same bits in every build; the fused one is a
/// little faster and more exact.
///
/// When H is not a multiple of 16, the last few units are copied into a
/// scratch cell of exactly 16 units (zeros around them), computed by the same
/// code, and copied back: each unit's arithmetic is the same either way, and
/// the main loop stays free of partial vectors, which the compiler can only
/// handle in narrower registers.
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
        while j + 16 <= h {
            let i = Activation.sigmoid(SIMD16(load: gates + j))
            let f = Activation.sigmoid(SIMD16(load: gates + h + j))
            let g = Activation.tanh(SIMD16(load: gates + 2 * h + j))
            let o = Activation.sigmoid(SIMD16(load: gates + 3 * h + j))
            let cPrev = previousCell.map { SIMD16(load: $0 + j) } ?? .zero
            let c = (i * g).addingProduct(f, cPrev)
            let tc = Activation.tanh(c)
            i.store(to: gates + j)
            f.store(to: gates + h + j)
            g.store(to: gates + 2 * h + j)
            o.store(to: gates + 3 * h + j)
            c.store(to: cell + j)
            tc.store(to: tanhCell + j)
            (o * tc).store(to: hidden + j)
            j += 16
        }
        if j < h {
            forwardTail(
                gates: gates, cell: cell, tanhCell: tanhCell, hidden: hidden,
                previousCell: previousCell, hiddenSize: h, from: j)
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
        while j + 16 <= h {
            let i = SIMD16(load: gates + j)
            let f = SIMD16(load: gates + h + j)
            let g = SIMD16(load: gates + 2 * h + j)
            let o = SIMD16(load: gates + 3 * h + j)
            let tc = SIMD16(load: tanhCell + j)
            let cPrev = previousCell.map { SIMD16(load: $0 + j) } ?? .zero
            let dh = SIMD16(load: dHidden + j)
            let one = SIMD16<Float>(repeating: 1)
            let dcFuture = SIMD16(load: dCell + j)
            let dc = dcFuture.addingProduct(dh * o, one.addingProduct(-tc, tc))
            let (di, df, dg, dOut) = (dc * g, dc * cPrev, dc * i, dh * tc)
            (di * i * (1 - i)).store(to: dGates + j)
            (df * f * (1 - f)).store(to: dGates + h + j)
            (dg * one.addingProduct(-g, g)).store(to: dGates + 2 * h + j)
            (dOut * o * (1 - o)).store(to: dGates + 3 * h + j)
            (dc * f).store(to: dCell + j)
            j += 16
        }
        if j < h {
            backwardTail(
                dGates: dGates, dCell: dCell, dHidden: dHidden, gates: gates,
                tanhCell: tanhCell, previousCell: previousCell,
                hiddenSize: h, from: j)
        }
    }
    // ANCHOR_END: cell-backward
    /// Units `j ..< h` (fewer than 16) of `forward`, computed in a scratch
    /// cell of 16 units.
    @inline(never)
    static func forwardTail(
        gates: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
        tanhCell: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        previousCell: UnsafePointer<Float>?, hiddenSize h: Int, from j: Int
    ) {
        let n = h - j
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * 16) { scratch in
            let s = scratch.baseAddress!
            s.initialize(repeating: 0, count: 8 * 16)
            let (sGates, sPrev, sCell, sTanh, sHidden) = (s, s + 64, s + 80, s + 96, s + 112)
            for block in 0..<4 { (sGates + 16 * block).update(from: gates + block * h + j, count: n) }
            if let previousCell { sPrev.update(from: previousCell + j, count: n) }
            forward(
                gates: sGates, cell: sCell, tanhCell: sTanh, hidden: sHidden,
                previousCell: previousCell == nil ? nil : UnsafePointer(sPrev), hiddenSize: 16)
            for block in 0..<4 { (gates + block * h + j).update(from: sGates + 16 * block, count: n) }
            (cell + j).update(from: sCell, count: n)
            (tanhCell + j).update(from: sTanh, count: n)
            (hidden + j).update(from: sHidden, count: n)
        }
    }

    /// Units `j ..< h` (fewer than 16) of `backward`, computed in a scratch
    /// cell of 16 units.
    @inline(never)
    static func backwardTail(
        dGates: UnsafeMutablePointer<Float>, dCell: UnsafeMutablePointer<Float>,
        dHidden: UnsafePointer<Float>, gates: UnsafePointer<Float>,
        tanhCell: UnsafePointer<Float>, previousCell: UnsafePointer<Float>?, hiddenSize h: Int,
        from j: Int
    ) {
        let n = h - j
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 12 * 16) { scratch in
            let s = scratch.baseAddress!
            s.initialize(repeating: 0, count: 12 * 16)
            let (sDGates, sGates, sDCell, sDHidden, sTanh, sPrev) = (s, s + 64, s + 128, s + 144, s + 160, s + 176)
            for block in 0..<4 { (sGates + 16 * block).update(from: gates + block * h + j, count: n) }
            sDCell.update(from: dCell + j, count: n)
            sDHidden.update(from: dHidden + j, count: n)
            sTanh.update(from: tanhCell + j, count: n)
            if let previousCell { sPrev.update(from: previousCell + j, count: n) }
            backward(
                dGates: sDGates, dCell: sDCell, dHidden: sDHidden, gates: sGates, tanhCell: sTanh,
                previousCell: previousCell == nil ? nil : UnsafePointer(sPrev), hiddenSize: 16)
            for block in 0..<4 { (dGates + block * h + j).update(from: sDGates + 16 * block, count: n) }
            (dCell + j).update(from: sDCell, count: n)
        }
    }
}
