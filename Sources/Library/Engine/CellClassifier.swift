import Batches
import NumericCore

/// `Masking(-1) → SimpleRNN(H) or GRU(H) → Dense(C)`, fast enough to train:
/// `LSTMClassifier`'s surface and methods for the two other cells.
///
/// It owns the parameters and their gradients (each one flat buffer laid out
/// by `CellLayout`) and what the forward pass caches for the backward pass.
/// `forward` returns logits; `backward` takes dL/dlogits and adds the
/// gradients into `gradients` (call `zeroGradients()` first).
///
/// The work is the LSTM engine's, on one core: the batch packed by length
/// (`PackedSequences`), so that at timestep t only the sequences still
/// running are computed; the input part of every step as one pass over all
/// packed rows; per timestep one recurrent product (`multiplyAdd` with W_h
/// in panels) and the cell, 16 units at a time. Every sum runs in a fixed
/// order, so the results are the same bits on every run and every machine
/// (the tiling of the products never changes a bit, see `ProductTiling`).
public final class CellClassifier {
    public let layout: CellLayout
    /// All parameters, in Keras's names, shapes and order (see `CellLayout`).
    public var weights: [Float]
    /// dL/d`weights`, same layout.
    public var gradients: [Float]
    /// How the recurrent products cut their work; a test sets another to
    /// show that it changes no bit.
    public var tiling = ProductTiling.current

    private var activations = CellActivations()
    private var scratch = CellScratch()
    private var dFinal: [Float] = []
    private var batchSize = 0
    /// W_h and W_hᵀ copied into panels, once per pass (see `packPanels`).
    private var recurrentPanels: [Float] = []
    private var transposedPanels: [Float] = []

    /// A model with the given weights.
    public init(layout: CellLayout, weights: [Float]) {
        precondition(weights.count == layout.count, "expected \(layout.count) weights, got \(weights.count)")
        self.layout = layout
        self.weights = weights
        self.gradients = [Float](repeating: 0, count: layout.count)
    }

    /// How many numbers training adjusts.
    public var parameterCount: Int { layout.count }

    /// The logits (B×C, row-major) for a batch.
    public func forward(_ batch: Batch) -> [Float] {
        let (h, classes) = (layout.hiddenSize, layout.classCount)
        batchSize = batch.count
        pack(&recurrentPanels, transposed: false)
        weights.withUnsafeBufferPointer { w in
            recurrentPanels.withUnsafeBufferPointer { wh in
                switch layout.cell {
                case .simpleRNN:
                    SimpleRNNLayer.forward(
                        &activations, batch: batch, weights: w.baseAddress!,
                        recurrentPanels: wh.baseAddress!, tiling: tiling, layout: layout)
                case .gru:
                    GRULayer.forward(
                        &activations, batch: batch, weights: w.baseAddress!,
                        recurrentPanels: wh.baseAddress!, tiling: tiling, layout: layout)
                }
            }
        }
        var logits = [Float](repeating: 0, count: batch.count * classes)
        weights.withUnsafeBufferPointer { w in
            DenseLayer.forward(
                logits: &logits, input: activations.final,
                kernel: w.baseAddress! + layout.denseKernel.offset,
                bias: w.baseAddress! + layout.denseBias.offset,
                rows: batch.count, inSize: h, outSize: classes)
        }
        return logits
    }

    /// Adds the gradients of the loss to `gradients`, given dL/dlogits for the
    /// batch of the last `forward`.
    public func backward(_ dLogits: [Float]) {
        let (h, classes) = (layout.hiddenSize, layout.classCount)
        precondition(dLogits.count == batchSize * classes, "not the last forward's shape")
        dFinal = [Float](repeating: 0, count: batchSize * h)
        weights.withUnsafeBufferPointer { w in
            gradients.withUnsafeMutableBufferPointer { g in
                DenseLayer.backward(
                    dInput: &dFinal,
                    dKernel: g.baseAddress! + layout.denseKernel.offset,
                    dBias: g.baseAddress! + layout.denseBias.offset,
                    dLogits: dLogits, input: activations.final,
                    kernel: w.baseAddress! + layout.denseKernel.offset,
                    rows: batchSize, inSize: h, outSize: classes)
            }
        }
        pack(&transposedPanels, transposed: true)
        dFinal.withUnsafeBufferPointer { dF in
            transposedPanels.withUnsafeBufferPointer { whT in
                gradients.withUnsafeMutableBufferPointer { g in
                    switch layout.cell {
                    case .simpleRNN:
                        SimpleRNNLayer.backward(
                            &activations, dFinal: dF.baseAddress!, transposedPanels: whT.baseAddress!,
                            tiling: tiling, gradients: g.baseAddress!, layout: layout, scratch: &scratch)
                    case .gru:
                        GRULayer.backward(
                            &activations, dFinal: dF.baseAddress!, transposedPanels: whT.baseAddress!,
                            tiling: tiling, gradients: g.baseAddress!, layout: layout, scratch: &scratch)
                    }
                }
            }
        }
    }

    /// Copies W_h (H×G·H), or W_hᵀ, into `panels` for the recurrent products.
    private func pack(_ panels: inout [Float], transposed: Bool) {
        let (h, width) = (layout.hiddenSize, layout.width)
        let (rows, columns) = transposed ? (width, h) : (h, width)
        grow(&panels, to: panelStorageCount(rows: rows, columns: columns, width: tiling.panelWidth))
        weights.withUnsafeBufferPointer { w in
            panels.withUnsafeMutableBufferPointer { p in
                packPanels(
                    w.baseAddress! + layout.recurrentKernel.offset, rows: rows,
                    columns: columns, transposed: transposed, width: tiling.panelWidth,
                    into: p.baseAddress!)
            }
        }
    }

    public func zeroGradients() {
        gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// A copy of one named tensor, e.g. `tensor(layout.recurrentKernel)`.
    public func tensor(_ slice: TensorSlice) -> [Float] { Array(weights[slice.range]) }

    /// The logits of every row of `batches`, in order.
    public func logits(_ batches: some Sequence<Batch>) -> [Float] {
        var all: [Float] = []
        for batch in batches { all += forward(batch) }
        return all
    }
}

/// What the forward pass of a plain RNN or a GRU keeps for its backward
/// pass, in packed buffers (one row per real timestep of each sequence),
/// with G = 1 or 3:
///
///     inputs      (P)       x for each packed row
///     hiddenIn    (P, H)    h_{t-1}, the state each step starts from (zero at t = 0)
///     gates       (P, G·H)  the RNN's h_t; the GRU's z, r, ĥ
///     recurrent   (P, 3H)   the GRU's h_{t-1}·U + rb (unused by the RNN)
///     final       (B, H)    each sequence's h after its last real step, in batch order
struct CellActivations {
    var packing = PackedSequences(lengths: [])
    var inputs: [Float] = []
    var hiddenIn: [Float] = []
    var gates: [Float] = []
    var recurrent: [Float] = []
    var final: [Float] = []

    /// Sizes every buffer for `packing`, reusing the memory of the last batch.
    mutating func prepare(_ packing: PackedSequences, batchSize: Int, layout: CellLayout) {
        self.packing = packing
        let (rows, h) = (packing.total, layout.hiddenSize)
        grow(&inputs, to: rows)
        grow(&hiddenIn, to: rows * h)
        grow(&gates, to: rows * layout.width)
        grow(&recurrent, to: layout.cell == .gru ? rows * layout.width : 0)
        grow(&final, to: batchSize * h)
    }

    mutating func withBuffers(
        _ body: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        inputs.withUnsafeMutableBufferPointer { x in
            hiddenIn.withUnsafeMutableBufferPointer { hIn in
                gates.withUnsafeMutableBufferPointer { g in
                    recurrent.withUnsafeMutableBufferPointer { rec in
                        final.withUnsafeMutableBufferPointer { f in
                            body(x.baseAddress!, hIn.baseAddress!, g.baseAddress!, rec.baseAddress!, f.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// Gathers the batch's real inputs into packed order; zeroes `final` (a
    /// zero-length sequence ends in h = 0) and h_{-1}.
    static func gatherInputs(
        _ batch: Batch, _ packing: PackedSequences, x: UnsafeMutablePointer<Float>,
        hiddenIn: UnsafeMutablePointer<Float>, final: UnsafeMutablePointer<Float>, hiddenSize h: Int
    ) {
        let (order, counts, offsets) = (packing.order, packing.activeCounts, packing.offsets)
        final.update(repeating: 0, count: batch.count * h)
        for t in 0..<packing.steps {
            for r in 0..<counts[t] {
                x[offsets[t] + r] = batch.inputs[order[r] * batch.maxLength + t]
            }
        }
        hiddenIn.update(repeating: 0, count: (counts.first ?? 0) * h)
    }
}

/// Buffers the backward pass needs only while it runs.
struct CellScratch {
    /// dL/d(b + x·W_x) for every packed row (P, G·H).
    var dGates: [Float] = []
    /// The GRU's dL/d(h_{t-1}·U + rb) for every packed row (P, 3H).
    var dRecurrent: [Float] = []
    /// dL/dh for the sequences running at the current step (B, H).
    var dHidden: [Float] = []
    /// A row of ones, at least as long as the batch has packed rows.
    var ones: [Float] = []
    /// A slice of dGates or dRecurrent (up to `panelDepth` rows) packed into panels.
    var panels: [Float] = []

    mutating func prepare(rows: Int, batchSize: Int, layout: CellLayout) {
        grow(&panels, to: panelStorageCount(rows: panelDepth, columns: layout.width, width: 32))  // either tile's
        grow(&dGates, to: rows * layout.width)
        grow(&dRecurrent, to: layout.cell == .gru ? rows * layout.width : 0)
        grow(&dHidden, to: batchSize * layout.hiddenSize)
        grow(&ones, to: rows, filledWith: 1)
    }

    mutating func withBuffers(
        _ body: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafePointer<Float>, UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        dGates.withUnsafeMutableBufferPointer { dg in
            dRecurrent.withUnsafeMutableBufferPointer { dr in
                dHidden.withUnsafeMutableBufferPointer { dh in
                    ones.withUnsafeBufferPointer { ones in
                        panels.withUnsafeMutableBufferPointer { p in
                            body(dg.baseAddress!, dr.baseAddress!, dh.baseAddress!, ones.baseAddress!, p.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}

/// The weight gradients of a cell's backward pass, summed over all packed
/// rows at once: for each target, `c += aᵀ · B` (`a` stored rows × m), with
/// B (rows × `width`, dGates or the GRU's dRecurrent) packed into panels 128
/// rows at a time, in order, as `LSTMLayer.backward` packs dGates. Each
/// element of C is then one chain of fused multiply-adds over the rows in
/// order, whatever the tiling, and B is read in whole vectors even when
/// `width` is not a multiple of 16.
func addWeightGradients(
    _ b: UnsafePointer<Float>, rows: Int, width: Int,
    _ targets: [(c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, m: Int)],
    panels: UnsafeMutablePointer<Float>, tiling: ProductTiling
) {
    for first in stride(from: 0, to: rows, by: panelDepth) {
        let depth = min(panelDepth, rows - first)
        packPanels(
            b + first * width, rows: depth, columns: width, width: tiling.panelWidth, into: panels)
        for (c, a, m) in targets {
            multiplyAdd(
                c, a + first * m, aTransposed: true, panels: panels, m: m, n: width, k: depth,
                tiling: tiling)
        }
    }
}
