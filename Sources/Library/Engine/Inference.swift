import Batches
import NumericCore

/// What a forward pass needs when no backward pass follows it (inference):
/// only what the next timestep reads, not every timestep's activations.
///
///     gates    (n₀, 4H)    this timestep's rows: b + x·W_x, then + h_{t-1}·W_h,
///                          then i, f, g, o
///     hidden   2 × (n₀, H)  h_{t-1} and h_t, the two halves taking turns
///     cell     2 × (n₀, H)  c_{t-1} and c_t, likewise
///     tanhCell (H)         tanh(c_t) of one row, which nothing reads again
///     final    (B, H)      each sequence's h after its last real step, in batch order
///
/// n₀ is the number of sequences at t = 0 (those longer than zero), so this
/// is some 9·B·H floats where training keeps P·(7H + 1), P the real timesteps.
struct LSTMInferenceBuffers {
    var gates: [Float] = []
    var hidden: [Float] = []
    var cell: [Float] = []
    var tanhCell: [Float] = []
    var final: [Float] = []
}

extension LSTMLayer {
    /// `forward` without what backward needs: leaves in `buffers.final` the
    /// same bits as `forward` leaves in `acts.final`. Every row goes through
    /// the same arithmetic in the same order: its `inputProjection`, the
    /// product with the running rows (each row of `multiplyAdd`'s result is
    /// one chain of fused multiply-adds over its own row of h_{t-1}, however
    /// many rows there are and wherever they sit), and `LSTMCell.forward`.
    /// Only where the rows live changes: timestep t's in rows 0..<n of small
    /// buffers that the next timestep overwrites, rather than in a packed
    /// buffer with a place for every timestep.
    static func infer(
        _ buffers: inout LSTMInferenceBuffers, batch: Batch,
        weights: UnsafePointer<Float>, recurrentPanels: UnsafePointer<Float>,
        tiling: ProductTiling, layout: ParameterLayout
    ) {
        let h = layout.hiddenSize, gateWidth = 4 * h
        let packing = PackedSequences(lengths: batch.lengths)
        let (order, counts) = (packing.order, packing.activeCounts)
        let rows = counts.first ?? 0
        grow(&buffers.gates, to: rows * gateWidth)
        grow(&buffers.hidden, to: 2 * rows * h)
        grow(&buffers.cell, to: 2 * rows * h)
        grow(&buffers.tanhCell, to: h)
        grow(&buffers.final, to: batch.count * h)
        let wx = weights + layout.kernel.offset
        let bias = weights + layout.bias.offset

        buffers.withBuffers { gates, hidden, cell, tanhCell, final in
            final.update(repeating: 0, count: batch.count * h)  // a zero-length sequence ends in h = 0
            for t in 0..<packing.steps {
                let n = counts[t]
                // Timestep t reads one half and writes the other; t + 1 swaps them.
                let (hPrevious, hNext) = t % 2 == 0 ? (hidden + rows * h, hidden) : (hidden, hidden + rows * h)
                let (cPrevious, cNext) = t % 2 == 0 ? (cell + rows * h, cell) : (cell, cell + rows * h)
                for r in 0..<n {
                    inputProjection(
                        gates + r * gateWidth, bias: bias,
                        x: batch.inputs[order[r] * batch.maxLength + t], wx: wx, count: gateWidth)
                }
                if t > 0 {  // at t = 0 the state is zero, and so is h_{-1}·W_h
                    multiplyAdd(
                        gates, hPrevious, panels: recurrentPanels, m: n, n: gateWidth, k: h,
                        tiling: tiling)
                }
                let stillRunning = t + 1 < packing.steps ? counts[t + 1] : 0
                for r in 0..<n {
                    LSTMCell.forward(
                        gates: gates + r * gateWidth, cell: cNext + r * h, tanhCell: tanhCell,
                        hidden: r < stillRunning ? hNext + r * h : final + order[r] * h,
                        previousCell: t == 0 ? nil : UnsafePointer(cPrevious + r * h), hiddenSize: h)
                }
            }
        }
    }
}

extension LSTMInferenceBuffers {
    mutating func withBuffers(
        _ body: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        gates.withUnsafeMutableBufferPointer { g in
            hidden.withUnsafeMutableBufferPointer { hid in
                cell.withUnsafeMutableBufferPointer { c in
                    tanhCell.withUnsafeMutableBufferPointer { tc in
                        final.withUnsafeMutableBufferPointer { f in
                            body(g.baseAddress!, hid.baseAddress!, c.baseAddress!, tc.baseAddress!, f.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}
