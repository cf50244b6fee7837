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
    @inline(__always)
    static func cellForward(
        gates: UnsafeMutablePointer<Float>, recurrent: UnsafePointer<Float>,
        hPrevious: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, hiddenSize h: Int
    ) {
        inVectors(of: h) { j, lanes in
            func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> { SIMD16(load: p + j, count: lanes) }
            let z = Activation.sigmoid(load(gates) + load(recurrent))
            let r = Activation.sigmoid(load(gates + h) + load(recurrent + h))
            let candidate = Activation.tanh(load(gates + 2 * h).addingProduct(r, load(recurrent + 2 * h)))
            let hNew = candidate.addingProduct(z, load(hPrevious) - candidate)
            z.store(to: gates + j, count: lanes)
            r.store(to: gates + h + j, count: lanes)
            candidate.store(to: gates + 2 * h + j, count: lanes)
            hNew.store(to: hidden + j, count: lanes)
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

        scratch.withBuffers { dGates, dRecurrent, dHidden, ones in
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
                let rows = packing.total
                let bias = gradients + layout.bias.offset
                // The rows of t = 0 have h_{-1} = 0 and add nothing to dU: skipped.
                let firstStep = counts.first ?? 0
                multiplyAdd(
                    gradients + layout.recurrentKernel.offset, hiddenIn + firstStep * h, aTransposed: true,
                    dRecurrent + firstStep * width, m: h, n: width, k: rows - firstStep)
                multiplyAdd(gradients + layout.kernel.offset, x, aTransposed: true, dGates, m: 1, n: width, k: rows)
                multiplyAdd(bias, ones, dGates, m: 1, n: width, k: rows)
                multiplyAdd(bias + width, ones, dRecurrent, m: 1, n: width, k: rows)
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
        inVectors(of: h) { j, lanes in
            func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> { SIMD16(load: p + j, count: lanes) }
            let (z, r, candidate) = (load(gates), load(gates + h), load(gates + 2 * h))
            let dh = load(dHidden)
            let one = SIMD16<Float>(repeating: 1)
            let dz = dh * (load(hPrevious) - candidate)
            let dCandidate = (dh * (one - z)) * one.addingProduct(-candidate, candidate)
            let dr = dCandidate * load(recurrent + 2 * h)
            let dzPre = dz * z * (one - z)
            let drPre = dr * r * (one - r)
            dzPre.store(to: dGates + j, count: lanes)
            drPre.store(to: dGates + h + j, count: lanes)
            dCandidate.store(to: dGates + 2 * h + j, count: lanes)
            dzPre.store(to: dRecurrent + j, count: lanes)
            drPre.store(to: dRecurrent + h + j, count: lanes)
            (dCandidate * r).store(to: dRecurrent + 2 * h + j, count: lanes)
            (dh * z).store(to: dHidden + j, count: lanes)
        }
    }
}
