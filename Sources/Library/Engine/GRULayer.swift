import Batches
import NumericCore

/// The GRU (Keras's `reset_after=True`) along every sequence of a batch in
/// packed form: `LSTMLayer`'s plan for three blocks of H columns (z, r, ĥ).
///
/// The reset gate scales only the recurrent part of the candidate,
/// ĥ = tanh(x W_h + b_h + r ⊙ (h U_h + rb_h)), so the two parts are kept
/// apart: `gates` holds the input part b + x·W and `recurrent` the
/// recurrent part rb + h_{t-1}·U, each 3H wide.
enum GRULayer {
    /// Runs the GRU over a batch and leaves in `acts.final` each sequence's
    /// last hidden state. First, for all P packed rows, `gates = b + x·W`
    /// and `recurrent = rb`; then per timestep t, with n sequences running,
    /// `recurrent[n, 3H] += h_{t-1}·U` (one product) and the cell, row by
    /// row, which leaves z, r, ĥ in `gates`.
    static func forward(
        _ acts: inout CellActivations, batch: Batch,
        weights: UnsafePointer<Float>, recurrentPanels: UnsafePointer<Float>,
        tiling: ProductTiling, layout: CellLayout
    ) {
        let h = layout.hiddenSize, width = layout.width
        let packing = PackedSequences(lengths: batch.lengths)
        acts.prepare(packing, batchSize: batch.count, layout: layout)
        let wx = weights + layout.kernel.offset
        let bias = weights + layout.bias.offset
        let recurrentBias = bias + width
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)

        acts.withBuffers { x, hiddenIn, gates, recurrent, final in
            CellActivations.gatherInputs(batch, packing, x: x, hiddenIn: hiddenIn, final: final, hiddenSize: h)
            for p in 0..<packing.total {
                inputProjection(gates + p * width, bias: bias, x: x[p], wx: wx, count: width)
                (recurrent + p * width).update(from: recurrentBias, count: width)
            }
            for t in 0..<packing.steps {
                let (n, row0) = (counts[t], offsets[t])
                if t > 0 {  // at t = 0 the state is zero, and so is h_{-1}·U
                    multiplyAdd(
                        recurrent + row0 * width, hiddenIn + row0 * h,
                        panels: recurrentPanels, m: n, n: width, k: h, tiling: tiling)
                }
                let stillRunning = t + 1 < packing.steps ? counts[t + 1] : 0
                for r in 0..<n {
                    let p = row0 + r
                    let hOut =
                        r < stillRunning
                        ? hiddenIn + (offsets[t + 1] + r) * h  // the next step's input
                        : final + order[r] * h  // this was its last step
                    cellForward(
                        gates: gates + p * width, recurrent: recurrent + p * width,
                        hPrevious: hiddenIn + p * h, hidden: hOut, hiddenSize: h)
                }
            }
        }
    }

    /// One row: z, r, ĥ from the two parts (written over the input part in
    /// `gates`), and h_t = ĥ + z ⊙ (h_{t-1} - ĥ), which is z ⊙ h_{t-1} + (1 - z) ⊙ ĥ.
    /// 16 units at a time; when H is not a multiple of 16, the last few are
    /// computed by the same code in a scratch row of 16 (as `LSTMCell` does).
    @inline(__always)
    static func cellForward(
        gates: UnsafeMutablePointer<Float>, recurrent: UnsafePointer<Float>,
        hPrevious: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, hiddenSize h: Int
    ) {
        var j = 0
        while j + 16 <= h {
            forwardVector(
                gates: gates + j, recurrent: recurrent + j, hPrevious: hPrevious + j,
                hidden: hidden + j, blockStride: h)
            j += 16
        }
        if j < h {
            forwardTail(
                gates: gates, recurrent: recurrent, hPrevious: hPrevious, hidden: hidden, hiddenSize: h, from: j)
        }
    }

    /// 16 units of `cellForward`; the blocks z, r, ĥ are `blockStride` apart.
    @inline(__always)
    static func forwardVector(
        gates: UnsafeMutablePointer<Float>, recurrent: UnsafePointer<Float>,
        hPrevious: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, blockStride h: Int
    ) {
        let z = Activation.sigmoid(SIMD16(load: gates) + SIMD16(load: recurrent))
        let r = Activation.sigmoid(SIMD16(load: gates + h) + SIMD16(load: recurrent + h))
        let candidate = Activation.tanh(SIMD16(load: gates + 2 * h).addingProduct(r, SIMD16(load: recurrent + 2 * h)))
        let hNew = candidate.addingProduct(z, SIMD16(load: hPrevious) - candidate)
        z.store(to: gates)
        r.store(to: gates + h)
        candidate.store(to: gates + 2 * h)
        hNew.store(to: hidden)
    }

    /// Units `j ..< h` (fewer than 16) of `cellForward`, in a scratch row of 16 units.
    @inline(never)
    static func forwardTail(
        gates: UnsafeMutablePointer<Float>, recurrent: UnsafePointer<Float>,
        hPrevious: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, hiddenSize h: Int, from j: Int
    ) {
        let n = h - j
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * 16) { scratch in
            let s = scratch.baseAddress!
            s.initialize(repeating: 0, count: 8 * 16)
            let (sGates, sRecurrent, sPrevious, sHidden) = (s, s + 48, s + 96, s + 112)
            for block in 0..<3 {
                (sGates + 16 * block).update(from: gates + block * h + j, count: n)
                (sRecurrent + 16 * block).update(from: recurrent + block * h + j, count: n)
            }
            sPrevious.update(from: hPrevious + j, count: n)
            forwardVector(gates: sGates, recurrent: sRecurrent, hPrevious: sPrevious, hidden: sHidden, blockStride: 16)
            for block in 0..<3 { (gates + block * h + j).update(from: sGates + 16 * block, count: n) }
            (hidden + j).update(from: sHidden, count: n)
        }
    }

    /// Backpropagation through time, as `LSTMLayer.backward`. Per timestep,
    /// with n sequences running, row by row (`cellBackward`):
    ///
    ///     dGates[n, 3H]     = dL/d(b + x·W)       the pre-activations of z, r, ĥ
    ///     dRecurrent[n, 3H] = dL/d(rb + h·U)       the same, but r ⊙ for the ĥ block
    ///     dh_{t-1}          = dh ⊙ z
    ///
    /// then `dh_{t-1}[n, H] += dRecurrent · Uᵀ` (one product), and at the end,
    /// over all P packed rows at once:
    ///
    ///     dU += hiddenInᵀ · dRecurrent   dW += xᵀ · dGates
    ///     db += 1ᵀ · dGates              drb += 1ᵀ · dRecurrent
    static func backward(
        _ acts: inout CellActivations, dFinal: UnsafePointer<Float>,
        transposedPanels: UnsafePointer<Float>, tiling: ProductTiling,
        gradients: UnsafeMutablePointer<Float>,
        layout: CellLayout, scratch: inout CellScratch
    ) {
        let h = layout.hiddenSize, width = layout.width
        let packing = acts.packing
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)
        scratch.prepare(rows: packing.total, batchSize: packing.order.count, layout: layout)

        scratch.withBuffers { dGates, dRecurrent, dHidden, ones, panels in
            dHidden.update(repeating: 0, count: packing.order.count * h)
            acts.withBuffers { x, hiddenIn, gates, recurrent, _ in
                for t in stride(from: packing.steps - 1, through: 0, by: -1) {
                    let (n, row0) = (counts[t], offsets[t])
                    let endingHere = t + 1 < packing.steps ? counts[t + 1] : 0
                    for r in endingHere..<n {  // sequences whose last step is t
                        addScaled(dHidden + r * h, 1, dFinal + order[r] * h, count: h)
                    }
                    for r in 0..<n {
                        let p = row0 + r
                        cellBackward(
                            dGates: dGates + p * width, dRecurrent: dRecurrent + p * width,
                            dHidden: dHidden + r * h, gates: gates + p * width,
                            recurrent: recurrent + p * width, hPrevious: hiddenIn + p * h, hiddenSize: h)
                    }
                    if t > 0 {  // dL/dh_{-1} is not needed: h_{-1} is the fixed zero state
                        multiplyAdd(
                            dHidden, dRecurrent + row0 * width,
                            panels: transposedPanels, m: n, n: h, k: width, tiling: tiling)
                    }
                }
                // (The rows of t = 0, whose h_{-1} is zero, add only zero terms to dU.)
                let bias = gradients + layout.bias.offset
                addWeightGradients(
                    dGates, rows: packing.total, width: width,
                    [(gradients + layout.kernel.offset, UnsafePointer(x), 1), (bias, ones, 1)],
                    panels: panels, tiling: tiling)
                addWeightGradients(
                    dRecurrent, rows: packing.total, width: width,
                    [(gradients + layout.recurrentKernel.offset, UnsafePointer(hiddenIn), h), (bias + width, ones, 1)],
                    panels: panels, tiling: tiling)
            }
        }
    }

    /// One row's chain rule, each line one line of `cellForward` read bottom to top:
    ///
    ///     dz   = dh ⊙ (h_{t-1} - ĥ)                 dĥ = dh ⊙ (1 - z)
    ///     dĥ'  = dĥ ⊙ (1 - ĥ²)                      (ĥ' the candidate's pre-activation)
    ///     dr   = dĥ' ⊙ (h U_h + rb_h)
    ///     dz'  = dz ⊙ z(1 - z),  dr' = dr ⊙ r(1 - r)
    ///
    /// and replaces `dHidden` (dL/dh_t) with dh ⊙ z, h_{t-1}'s own path to h_t.
    @inline(__always)
    static func cellBackward(
        dGates: UnsafeMutablePointer<Float>, dRecurrent: UnsafeMutablePointer<Float>,
        dHidden: UnsafeMutablePointer<Float>, gates: UnsafePointer<Float>,
        recurrent: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>, hiddenSize h: Int
    ) {
        var j = 0
        while j + 16 <= h {
            backwardVector(
                dGates: dGates + j, dRecurrent: dRecurrent + j, dHidden: dHidden + j, gates: gates + j,
                recurrent: recurrent + j, hPrevious: hPrevious + j, blockStride: h)
            j += 16
        }
        if j < h {
            backwardTail(
                dGates: dGates, dRecurrent: dRecurrent, dHidden: dHidden, gates: gates,
                recurrent: recurrent, hPrevious: hPrevious, hiddenSize: h, from: j)
        }
    }

    /// 16 units of `cellBackward`; the blocks are `blockStride` apart.
    @inline(__always)
    static func backwardVector(
        dGates: UnsafeMutablePointer<Float>, dRecurrent: UnsafeMutablePointer<Float>,
        dHidden: UnsafeMutablePointer<Float>, gates: UnsafePointer<Float>,
        recurrent: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>, blockStride h: Int
    ) {
        let (z, r, candidate) = (SIMD16(load: gates), SIMD16(load: gates + h), SIMD16(load: gates + 2 * h))
        let dh = SIMD16(load: dHidden)
        let one = SIMD16<Float>(repeating: 1)
        let dz = dh * (SIMD16(load: hPrevious) - candidate)
        let dCandidate = (dh * (one - z)) * one.addingProduct(-candidate, candidate)
        let dr = dCandidate * SIMD16(load: recurrent + 2 * h)
        let dzPre = dz * z * (one - z)
        let drPre = dr * r * (one - r)
        dzPre.store(to: dGates)
        drPre.store(to: dGates + h)
        dCandidate.store(to: dGates + 2 * h)
        dzPre.store(to: dRecurrent)
        drPre.store(to: dRecurrent + h)
        (dCandidate * r).store(to: dRecurrent + 2 * h)
        (dh * z).store(to: dHidden)
    }

    /// Units `j ..< h` (fewer than 16) of `cellBackward`, in a scratch row of 16 units.
    @inline(never)
    static func backwardTail(
        dGates: UnsafeMutablePointer<Float>, dRecurrent: UnsafeMutablePointer<Float>,
        dHidden: UnsafeMutablePointer<Float>, gates: UnsafePointer<Float>,
        recurrent: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>, hiddenSize h: Int, from j: Int
    ) {
        let n = h - j
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 14 * 16) { scratch in
            let s = scratch.baseAddress!
            s.initialize(repeating: 0, count: 14 * 16)
            let (sGates, sRecurrent, sPrevious, sDHidden) = (s, s + 48, s + 96, s + 112)
            let (sDGates, sDRecurrent) = (s + 128, s + 176)
            for block in 0..<3 { (sGates + 16 * block).update(from: gates + block * h + j, count: n) }
            (sRecurrent + 32).update(from: recurrent + 2 * h + j, count: n)  // only ĥ's block is read
            sPrevious.update(from: hPrevious + j, count: n)
            sDHidden.update(from: dHidden + j, count: n)
            backwardVector(
                dGates: sDGates, dRecurrent: sDRecurrent, dHidden: sDHidden, gates: sGates,
                recurrent: sRecurrent, hPrevious: sPrevious, blockStride: 16)
            for block in 0..<3 {
                (dGates + block * h + j).update(from: sDGates + 16 * block, count: n)
                (dRecurrent + block * h + j).update(from: sDRecurrent + 16 * block, count: n)
            }
            (dHidden + j).update(from: sDHidden, count: n)
        }
    }
}
