import Batches
import NumericCore

/// The plain RNN, h_t = tanh(x_t·W_x + h_{t-1}·W_h + b), along every
/// sequence of a batch in packed form: `LSTMLayer`'s plan for one block of
/// H columns instead of four.
enum SimpleRNNLayer {
    /// Runs the RNN over a batch and leaves in `acts.final` each sequence's
    /// last hidden state. First, for all P packed rows, `gates = b + x·W_x`;
    /// then per timestep t, with n sequences still running,
    /// `gates[n, H] += h_{t-1}·W_h` (one product) and h_t = tanh(gates),
    /// kept in `gates` for the backward pass.
    static func forward(
        _ acts: inout CellActivations, batch: Batch,
        weights: UnsafePointer<Float>, recurrentPanels: UnsafePointer<Float>,
        tiling: ProductTiling, layout: CellLayout
    ) {
        let h = layout.hiddenSize
        let packing = PackedSequences(lengths: batch.lengths)
        acts.prepare(packing, batchSize: batch.count, layout: layout)
        let wx = weights + layout.kernel.offset
        let bias = weights + layout.bias.offset
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)

        acts.withBuffers { x, hiddenIn, gates, _, final in
            CellActivations.gatherInputs(batch, packing, x: x, hiddenIn: hiddenIn, final: final, hiddenSize: h)
            for p in 0..<packing.total {
                inputProjection(gates + p * h, bias: bias, x: x[p], wx: wx, count: h)
            }
            for t in 0..<packing.steps {
                let (n, row0) = (counts[t], offsets[t])
                if t > 0 {  // at t = 0 the state is zero, and so is h_{-1}·W_h
                    multiplyAdd(
                        gates + row0 * h, hiddenIn + row0 * h,
                        panels: recurrentPanels, m: n, n: h, k: h, tiling: tiling)
                }
                let stillRunning = t + 1 < packing.steps ? counts[t + 1] : 0
                for r in 0..<n {
                    let row = gates + (row0 + r) * h
                    let hOut =
                        r < stillRunning
                        ? hiddenIn + (offsets[t + 1] + r) * h  // the next step's input
                        : final + order[r] * h  // this was its last step
                    activate(row, copyTo: hOut, hiddenSize: h)
                }
            }
        }
    }

    /// Backpropagation through time, as `LSTMLayer.backward`: walking t from
    /// the last step to the first, a sequence joins when t reaches its last
    /// real step. Per timestep, with n sequences running:
    ///
    ///     dGates[n, H] = dh ⊙ (1 - h_t²)       row by row
    ///     dh_{t-1}[n, H] = dGates · W_hᵀ        one product
    ///
    /// and at the end, over all P packed rows at once:
    ///
    ///     dW_h += hiddenInᵀ · dGates    dW_x += xᵀ · dGates    db += 1ᵀ · dGates
    static func backward(
        _ acts: inout CellActivations, dFinal: UnsafePointer<Float>,
        transposedPanels: UnsafePointer<Float>, tiling: ProductTiling,
        gradients: UnsafeMutablePointer<Float>,
        layout: CellLayout, scratch: inout CellScratch
    ) {
        let h = layout.hiddenSize
        let packing = acts.packing
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)
        scratch.prepare(rows: packing.total, batchSize: packing.order.count, layout: layout)

        scratch.withBuffers { dGates, _, dHidden, ones, panels in
            dHidden.update(repeating: 0, count: packing.order.count * h)
            acts.withBuffers { x, hiddenIn, gates, _, _ in
                for t in stride(from: packing.steps - 1, through: 0, by: -1) {
                    let (n, row0) = (counts[t], offsets[t])
                    let endingHere = t + 1 < packing.steps ? counts[t + 1] : 0
                    for r in endingHere..<n {  // sequences whose last step is t
                        addScaled(dHidden + r * h, 1, dFinal + order[r] * h, count: h)
                    }
                    for r in 0..<n {
                        let p = row0 + r
                        throughTanh(dGates + p * h, dHidden: dHidden + r * h, hidden: gates + p * h, hiddenSize: h)
                    }
                    if t > 0 {  // dL/dh_{-1} is not needed: h_{-1} is the fixed zero state
                        dHidden.update(repeating: 0, count: n * h)
                        multiplyAdd(
                            dHidden, dGates + row0 * h,
                            panels: transposedPanels, m: n, n: h, k: h, tiling: tiling)
                    }
                }
                // (The rows of t = 0, whose h_{-1} is zero, add only zero terms to dW_h.)
                addWeightGradients(
                    dGates, rows: packing.total, width: h,
                    [
                        (gradients + layout.recurrentKernel.offset, UnsafePointer(hiddenIn), h),
                        (gradients + layout.kernel.offset, UnsafePointer(x), 1),
                        (gradients + layout.bias.offset, ones, 1)
                    ],
                    panels: panels, tiling: tiling)
            }
        }
    }

    /// h_t = tanh(z) in place of `row`'s z, and a copy in `hOut`, 16 units at
    /// a time.
    @inline(__always)
    static func activate(
        _ row: UnsafeMutablePointer<Float>, copyTo hOut: UnsafeMutablePointer<Float>, hiddenSize h: Int
    ) {
        var j = 0
        while j + 16 <= h {
            let hNew = Activation.tanh(SIMD16(load: row + j))
            hNew.store(to: row + j)
            hNew.store(to: hOut + j)
            j += 16
        }
        if j < h {  // the last few, in a vector padded with zeros
            var z = SIMD16<Float>()
            for lane in 0..<(h - j) { z[lane] = row[j + lane] }
            let hNew = Activation.tanh(z)
            for lane in 0..<(h - j) { (row[j + lane], hOut[j + lane]) = (hNew[lane], hNew[lane]) }
        }
    }

    /// dz = dh ⊙ (1 - h_t²), from h_t = tanh(z).
    @inline(__always)
    static func throughTanh(
        _ dz: UnsafeMutablePointer<Float>, dHidden: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
        hiddenSize h: Int
    ) {
        var j = 0
        while j + 16 <= h {
            let hNew = SIMD16(load: hidden + j)
            (SIMD16(load: dHidden + j) * (1 - hNew * hNew)).store(to: dz + j)
            j += 16
        }
        while j < h {  // the last few, one at a time: the same arithmetic
            dz[j] = dHidden[j] * (1 - hidden[j] * hidden[j])
            j += 1
        }
    }
}
