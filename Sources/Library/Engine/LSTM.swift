import Batches
import NumericCore

/// What the LSTM's forward pass keeps for its backward pass, in packed
/// buffers (one row per real timestep of each sequence; see `PackedSequences`).
///
///     inputs      (P)      x for each packed row
///     hiddenIn    (P, H)   h_{t-1}, the state each step starts from (zero at t = 0)
///     gates       (P, 4H)  i, f, g, o after their activations
///     cell        (P, H)   c_t
///     tanhCell    (P, H)   tanh(c_t)
///     final       (B, H)   each sequence's h after its last real step, in batch order
///
/// P is the number of real timesteps in the batch: for lengths 5...20 about
/// 12.5·B, against 20·B for a padded batch.
public struct LSTMActivations {
    public var packing = PackedSequences(lengths: [])
    var inputs: [Float] = []
    var hiddenIn: [Float] = []
    var gates: [Float] = []
    var cell: [Float] = []
    var tanhCell: [Float] = []
    public var final: [Float] = []

    public init() {}

    /// Sizes every buffer for `packing`, reusing the memory of the last batch.
    mutating func prepare(_ packing: PackedSequences, batchSize: Int, hiddenSize h: Int) {
        self.packing = packing
        let rows = packing.total
        grow(&inputs, to: rows)
        grow(&hiddenIn, to: rows * h)
        grow(&gates, to: rows * 4 * h)
        grow(&cell, to: rows * h)
        grow(&tanhCell, to: rows * h)
        grow(&final, to: batchSize * h)
    }
}

/// The recurrent layer: the cell applied along every sequence, in packed form.
enum LSTMLayer {
    // ANCHOR: lstm-forward
    /// Runs the LSTM over a batch and leaves in `acts.final` each sequence's
    /// last hidden state (B×H, batch order). First, for all P packed rows at
    /// once, `gates[P, 4H] = b + x·W_x`; then per timestep t, with n
    /// sequences still running:
    ///
    ///     gates[n, 4H] += h_{t-1}[n, H]·W_h             one matrix product
    ///     i, f, g, o, c_t, h_t = cell(gates, c_{t-1})   row by row
    ///
    /// h_t goes to the next step's `hiddenIn` rows if the sequence goes on,
    /// or to `final` if this was its last step. `recurrentPanels` is W_h
    /// as `packPanels` copies it, once per pass, for every timestep's product.
    static func forward(
        _ acts: inout LSTMActivations, batch: Batch,
        weights: UnsafePointer<Float>, recurrentPanels: UnsafePointer<Float>,
        tiling: ProductTiling, layout: ParameterLayout
    ) {
        let h = layout.hiddenSize, gateWidth = 4 * h
        let packing = PackedSequences(lengths: batch.lengths)
        acts.prepare(packing, batchSize: batch.count, hiddenSize: h)
        let wx = weights + layout.kernel.offset
        let bias = weights + layout.bias.offset
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)

        acts.withBuffers { x, hiddenIn, gates, cell, tanhCell, final in
            // A zero-length sequence ends in h = 0.
            final.update(repeating: 0, count: batch.count * h)
            for t in 0..<packing.steps {
                for r in 0..<counts[t] {
                    x[offsets[t] + r] = batch.inputs[order[r] * batch.maxLength + t]
                }
            }
            // Every timestep's bias and input projection at once, b + x·W_x
            // for all P packed rows: they do not depend on the state. (x is
            // one number, so x·W_x is the row W_x scaled: a product with k = 1.)
            for p in 0..<packing.total {
                inputProjection(
                    gates + p * gateWidth, bias: bias, x: x[p], wx: wx,
                    count: gateWidth)
            }
            hiddenIn.update(repeating: 0, count: (counts.first ?? 0) * h)  // h_{-1} = 0
            for t in 0..<packing.steps {
                let (n, row0) = (counts[t], offsets[t])
                if t > 0 {  // at t = 0 the state is zero, and so is h_{-1}·W_h
                    multiplyAdd(
                        gates + row0 * gateWidth, hiddenIn + row0 * h,
                        panels: recurrentPanels, m: n, n: gateWidth, k: h,
                        tiling: tiling)
                }
                let stillRunning = t + 1 < packing.steps ? counts[t + 1] : 0
                for r in 0..<n {
                    let p = row0 + r
                    let hOut =
                        r < stillRunning
                        ? hiddenIn + (offsets[t + 1] + r) * h  // the next step's input
                        : final + order[r] * h  // this was its last step
                    let cPrev = t == 0 ? nil : UnsafePointer(cell + (offsets[t - 1] + r) * h)
                    LSTMCell.forward(
                        gates: gates + p * gateWidth, cell: cell + p * h,
                        tanhCell: tanhCell + p * h, hidden: hOut,
                        previousCell: cPrev, hiddenSize: h)
                }
            }
        }
    }
    // ANCHOR_END: lstm-forward

    // ANCHOR: lstm-backward
    /// Backpropagation through time. `dFinal` (B×H, batch order) is dL/dh at
    /// each sequence's last step; walking t from the last step to the first,
    /// a sequence joins when t reaches its last real step, so padding never
    /// sees a gradient. Per timestep, with n sequences running:
    ///
    ///     dGates[n, 4H] = cell⁻¹(dh, dc)      row by row
    ///     dh_{t-1}[n, H] = dGates · W_hᵀ       one matrix product
    ///
    /// The weight gradients need every timestep's dGates, so they are summed
    /// at the end as three products over all P packed rows at once:
    ///
    ///     dW_h += hiddenInᵀ · dGates    dW_x += xᵀ · dGates    db += 1ᵀ · dGates
    ///
    /// (1ᵀ·dGates, a row of ones times dGates, is the sum of its rows.)
    ///
    /// `transposedPanels` is W_hᵀ (4H×H) as `packPanels` copies it, once per
    /// pass, so that dh_{t-1} is a product with packed panels. For dW_h,
    /// dGates is packed too, 128 rows at a time, in order: with the 4×16
    /// tile (AVX2) that paid at every H measured, from 32 to 512; with the
    /// 4×32 tile (AVX-512) it is done only from 4H = 1024 up, where dGates'
    /// rows are 4 KB apart, and below it dW_h is the product it always was.
    static func backward(
        _ acts: inout LSTMActivations, dFinal: UnsafePointer<Float>,
        transposedPanels: UnsafePointer<Float>, tiling: ProductTiling,
        gradients: UnsafeMutablePointer<Float>,
        layout: ParameterLayout, scratch: inout LSTMScratch
    ) {
        let h = layout.hiddenSize, gateWidth = 4 * h
        let packing = acts.packing
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)
        scratch.prepare(rows: packing.total, batchSize: packing.order.count, hiddenSize: h)

        scratch.withBuffers { dGates, dHidden, dCell, gatePanels, ones in
            dHidden.update(repeating: 0, count: packing.order.count * h)
            dCell.update(repeating: 0, count: packing.order.count * h)
            acts.withBuffers { x, hiddenIn, gates, cell, tanhCell, _ in
                for t in stride(from: packing.steps - 1, through: 0, by: -1) {
                    let (n, row0) = (counts[t], offsets[t])
                    let endingHere = t + 1 < packing.steps ? counts[t + 1] : 0
                    for r in endingHere..<n {  // sequences whose last step is t
                        addScaled(dHidden + r * h, 1, dFinal + order[r] * h, count: h)
                    }
                    for r in 0..<n {
                        let p = row0 + r
                        let cPrev =
                            t == 0
                            ? nil : UnsafePointer(cell + (offsets[t - 1] + r) * h)
                        LSTMCell.backward(
                            dGates: dGates + p * gateWidth, dCell: dCell + r * h,
                            dHidden: dHidden + r * h, gates: gates + p * gateWidth,
                            tanhCell: tanhCell + p * h, previousCell: cPrev, hiddenSize: h)
                    }
                    if t > 0 {  // dL/dh_{-1} is not needed: h_{-1} is the fixed zero state
                        dHidden.update(repeating: 0, count: n * h)
                        multiplyAdd(
                            dHidden, dGates + row0 * gateWidth,
                            panels: transposedPanels, m: n, n: h, k: gateWidth,
                            tiling: tiling)
                    }
                }
                let rows = packing.total
                let dWh = gradients + layout.recurrentKernel.offset
                let dWx = gradients + layout.kernel.offset
                let db = gradients + layout.bias.offset
                // The rows of t = 0 have h_{-1} = 0 and add nothing to dW_h: skipped.
                let firstStep = counts.first ?? 0
                if tiling.wideTile && gateWidth < 1024 {  // dGates read as it is
                    multiplyAdd(
                        dWh, hiddenIn + firstStep * h, aTransposed: true,
                        dGates + firstStep * gateWidth,
                        m: h, n: gateWidth, k: rows - firstStep)
                } else {  // in slices of 128 rows, in order, each packed first
                    for first in stride(from: firstStep, to: rows, by: panelDepth) {
                        let depth = min(panelDepth, rows - first)
                        packPanels(
                            dGates + first * gateWidth, rows: depth, columns: gateWidth,
                            width: tiling.panelWidth, into: gatePanels)
                        multiplyAdd(
                            dWh, hiddenIn + first * h, aTransposed: true,
                            panels: gatePanels, m: h, n: gateWidth, k: depth,
                            tiling: tiling)
                    }
                }
                multiplyAdd(dWx, x, aTransposed: true, dGates, m: 1, n: gateWidth, k: rows)
                multiplyAdd(db, ones, dGates, m: 1, n: gateWidth, k: rows)
            }
        }
    }
    // ANCHOR_END: lstm-backward
}

/// One packed row's `b + x·W_x`, 16 gates at a time, as fused multiply-adds:
/// the same bits as the matrix product with k = 1. (Inference calls it too.)
@inline(__always)
func inputProjection(
    _ gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, x: Float,
    wx: UnsafePointer<Float>, count: Int
) {
    var j = 0
    while j + 16 <= count {
        SIMD16(load: bias + j).addingProduct(SIMD16(repeating: x), SIMD16(load: wx + j))
            .store(to: gates + j)
        j += 16
    }
    while j < count {
        gates[j] = bias[j].addingProduct(x, wx[j])
        j += 1
    }
}

/// Buffers the backward pass needs only while it runs.
public struct LSTMScratch {
    var dGates: [Float] = []
    var dHidden: [Float] = []
    var dCell: [Float] = []
    /// A slice of dGates (up to `panelDepth` rows) packed into panels.
    var gatePanels: [Float] = []
    /// A row of ones, at least as long as the batch has packed rows.
    var ones: [Float] = []

    public init() {}

    mutating func prepare(rows: Int, batchSize: Int, hiddenSize h: Int) {
        grow(&dGates, to: rows * 4 * h)
        grow(&dHidden, to: batchSize * h)
        grow(&dCell, to: batchSize * h)
        grow(&gatePanels, to: panelStorageCount(rows: panelDepth, columns: 4 * h, width: 32))  // either tile's
        grow(&ones, to: rows, filledWith: 1)
    }

    mutating func withBuffers(
        _ body: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafePointer<Float>
        ) -> Void
    ) {
        dGates.withUnsafeMutableBufferPointer { dg in
            dHidden.withUnsafeMutableBufferPointer { dh in
                dCell.withUnsafeMutableBufferPointer { dc in
                    gatePanels.withUnsafeMutableBufferPointer { gp in
                        ones.withUnsafeBufferPointer { ones in
                            body(
                                dg.baseAddress!, dh.baseAddress!, dc.baseAddress!, gp.baseAddress!,
                                ones.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}

/// Makes `buffer` hold at least `count` floats (and never none, so that it
/// always has a base address), reusing its memory when it is large enough.
/// New memory holds `value`; reused memory keeps what it had.
func grow(_ buffer: inout [Float], to count: Int, filledWith value: Float = 0) {
    if buffer.count < max(count, 1) { buffer = [Float](repeating: value, count: max(count, 1)) }
}

extension LSTMActivations {
    mutating func withBuffers(
        _ body: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        inputs.withUnsafeMutableBufferPointer { x in
            hiddenIn.withUnsafeMutableBufferPointer { hIn in
                gates.withUnsafeMutableBufferPointer { g in
                    cell.withUnsafeMutableBufferPointer { c in
                        tanhCell.withUnsafeMutableBufferPointer { tc in
                            final.withUnsafeMutableBufferPointer { f in
                                body(
                                    x.baseAddress!, hIn.baseAddress!, g.baseAddress!, c.baseAddress!,
                                    tc.baseAddress!, f.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
