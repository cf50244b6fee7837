import Batches
import NumericCore
import Parameters

/// The notebook's model: `Masking(-1) → LSTM(H) → Dense(C)`.
///
/// It owns the parameters and their gradients (each one flat buffer laid out
/// by `ParameterLayout`) and what the forward pass caches for the backward
/// pass. `forward` returns logits; `backward` takes dL/dlogits and adds the
/// gradients into `gradients` (call `zeroGradients()` first, as an optimizer
/// step does).
///
/// The LSTM runs on two halves of the batch at once, one per core (see
/// `Shard`). The halves depend only on the batch size, never on the machine,
/// and their weight gradients are added in a fixed order, so the results are
/// the same bits on one core or two.
public final class LSTMClassifier {
    public let layout: ParameterLayout
    /// All parameters, in Keras's names, shapes and order (see `ParameterLayout`).
    public var weights: [Float]
    /// dL/d`weights`, same layout.
    public var gradients: [Float]

    private var shards: [Shard] = []
    /// The shards of the last `logits(_:)`, with inference's buffers only.
    private var inferenceShards: [Shard] = []
    /// The last forward pass's final hidden states (B×H, batch order), the Dense layer's input.
    private var final: [Float] = []
    private var dFinal: [Float] = []
    private var batchSize = 0
    /// W_h and W_hᵀ copied into panels for the recurrent products (see
    /// `packPanels`): once per forward and once per backward pass, shared by
    /// both cores and reused at every timestep.
    private var recurrentPanels: [Float] = []
    private var transposedPanels: [Float] = []
    /// How the recurrent products cut their work for the caches, and their
    /// register tile: this machine's, unless a test sets another to show
    /// that it changes no bit.
    public var tiling = ProductTiling.current

    /// A model with the given weights (for instance Keras's, or a saved file's).
    public init(layout: ParameterLayout, weights: [Float]) {
        precondition(weights.count == layout.count, "expected \(layout.count) weights, got \(weights.count)")
        self.layout = layout
        self.weights = weights
        self.gradients = [Float](repeating: 0, count: layout.count)
    }

    /// A model with `weights` for the shapes `hp` describes (a snapshot taken during training, say).
    public convenience init(_ hp: Hyperparameters, weights: [Float]) {
        self.init(layout: ParameterLayout(hp), weights: weights)
    }

    /// How many numbers training adjusts.
    public var parameterCount: Int { layout.count }

    // ANCHOR: forward
    /// The logits (B×C, row-major) for a batch.
    public func forward(_ batch: Batch) -> [Float] {
        let h = layout.hiddenSize
        batchSize = batch.count
        shards = Shard.split(batch, reusing: shards)
        final = [Float](repeating: 0, count: batch.count * h)
        pack(&recurrentPanels, transposed: false)
        weights.withUnsafeBufferPointer { w in
            recurrentPanels.withUnsafeBufferPointer { wh in
                Shard.inParallel(&shards) { shard in
                    LSTMLayer.forward(
                        &shard.activations, batch: shard.batch,
                        weights: w.baseAddress!,
                        recurrentPanels: wh.baseAddress!,
                        tiling: tiling, layout: layout)
                }
            }
        }
        // The halves' final states, back in batch order, into the Dense layer.
        let finals = shards.map { ($0.rows, $0.activations.final) }
        return denseLogits(gathering: finals, into: &final)
    }
    // ANCHOR_END: forward

    /// Each shard's final hidden states, copied back into batch order in `final`
    /// (B×H), and the Dense layer's logits of them (B×C).
    private func denseLogits(
        gathering finals: [(rows: Range<Int>, final: [Float])], into final: inout [Float]
    ) -> [Float] {
        let (h, classes) = (layout.hiddenSize, layout.classCount)
        for shard in finals {
            final.replaceSubrange(
                (shard.rows.lowerBound * h)..<(shard.rows.upperBound * h),
                with: shard.final.prefix(shard.rows.count * h))
        }
        let rows = final.count / h
        var logits = [Float](repeating: 0, count: rows * classes)
        weights.withUnsafeBufferPointer { w in
            DenseLayer.forward(
                logits: &logits, input: final,
                kernel: w.baseAddress! + layout.denseKernel.offset,
                bias: w.baseAddress! + layout.denseBias.offset,
                rows: rows, inSize: h, outSize: classes)
        }
        return logits
    }

    // ANCHOR: backward
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
                    dLogits: dLogits, input: final,
                    kernel: w.baseAddress! + layout.denseKernel.offset,
                    rows: batchSize, inSize: h, outSize: classes)
            }
        }
        pack(&transposedPanels, transposed: true)
        // Shard 0 adds its LSTM gradients straight into `gradients` when they
        // start at +0, as they do after `zeroGradients()`: it computes the same
        // bits there as in a zeroed buffer of its own. Only shard 1, which runs
        // at the same time, needs a buffer of its own (and none with one shard).
        // The LSTM's kernel, recurrent kernel and bias come first.
        let lstmCount = layout.denseKernel.offset
        let intoGradients = gradients[0..<lstmCount].allSatisfy { $0.bitPattern == 0 }
        dFinal.withUnsafeBufferPointer { dF in
            transposedPanels.withUnsafeBufferPointer { whT in
                gradients.withUnsafeMutableBufferPointer { modelGradients in
                    Shard.inParallel(&shards) { shard in
                        let dFinalOfShard = dF.baseAddress! + shard.rows.lowerBound * h
                        func backward(into g: UnsafeMutablePointer<Float>) {
                            LSTMLayer.backward(
                                &shard.activations, dFinal: dFinalOfShard,
                                transposedPanels: whT.baseAddress!, tiling: tiling,
                                gradients: g, layout: layout, scratch: &shard.scratch)
                        }
                        if intoGradients && shard.rows.lowerBound == 0 {
                            shard.gradients = []
                            return backward(into: modelGradients.baseAddress!)
                        }
                        if shard.gradients.count != layout.count {
                            shard.gradients = [Float](repeating: 0, count: layout.count)
                        }
                        shard.gradients.withUnsafeMutableBufferPointer { g in
                            g.update(repeating: 0)
                            backward(into: g.baseAddress!)
                        }
                    }
                }
            }
        }
        gradients.withUnsafeMutableBufferPointer { g in
            // In shard order, so the sum is the same on any number of cores.
            // Each shard's buffer is added over all of `gradients`, its zeros
            // too. Where shard 0's went in directly, adding +0 to every
            // element does what adding its buffer did (x + 1·s and s + 0 are
            // the same bits when x = +0, and +0 is what its Dense part held):
            // the same value, except that -0 becomes +0.
            for shard in shards {
                if shard.gradients.isEmpty {
                    for i in g.indices { g[i] += 0 }
                } else {
                    addScaled(g.baseAddress!, 1, shard.gradients, count: layout.count)
                }
            }
        }
    }
    // ANCHOR_END: backward

    /// Copies W_h, or W_hᵀ, into `panels` for the recurrent products.
    private func pack(_ panels: inout [Float], transposed: Bool) {
        let h = layout.hiddenSize
        let (rows, columns) = transposed ? (4 * h, h) : (h, 4 * h)
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
}

extension LSTMClassifier {
    // ANCHOR: inference
    /// The logits of a batch when no backward pass follows: the same bits as
    /// `forward(batch)`, keeping only what the next timestep needs rather
    /// than every timestep's activations (see `LSTMLayer.infer`). It leaves
    /// the last `forward`'s caches alone, so `backward` may still follow that.
    public func logits(_ batch: Batch) -> [Float] {
        inferenceShards = Shard.split(batch, reusing: inferenceShards)
        pack(&recurrentPanels, transposed: false)
        weights.withUnsafeBufferPointer { w in
            recurrentPanels.withUnsafeBufferPointer { wh in
                Shard.inParallel(&inferenceShards) { shard in
                    LSTMLayer.infer(
                        &shard.inference, batch: shard.batch, weights: w.baseAddress!,
                        recurrentPanels: wh.baseAddress!, tiling: tiling, layout: layout)
                }
            }
        }
        var final = [Float](repeating: 0, count: batch.count * layout.hiddenSize)
        let finals = inferenceShards.map { ($0.rows, $0.inference.final) }
        return denseLogits(gathering: finals, into: &final)
    }
    // ANCHOR_END: inference

    /// The logits of every row of `batches`, in order: inference over many
    /// sequences, one batch at a time. A row's logits do not depend on the
    /// batch it is in, so how the sequences are cut into batches changes nothing.
    public func logits(_ batches: some Sequence<Batch>) -> [Float] {
        var all: [Float] = []
        for batch in batches { all += logits(batch) }
        return all
    }
}

/// What the LSTM computed along one sequence, at every real timestep: h_t,
/// and the four gates after their activations (one array of H each per timestep).
public struct SequenceTrace {
    public var hidden: [[Float]]
    public var input: [[Float]], forget: [[Float]], candidate: [[Float]], output: [[Float]]
}

extension LSTMClassifier {
    /// The engine's own h_t and gates along one sequence, to watch the state
    /// evolve: a forward pass on a batch of one, read from its activations.
    public func trace(of sequence: Batch) -> SequenceTrace {
        precondition(sequence.count == 1, "trace takes a batch of one sequence")
        _ = forward(sequence)
        let (h, length) = (layout.hiddenSize, sequence.lengths[0])
        let lstm = shards[0].activations
        // For a single sequence, packed row t is timestep t: hiddenIn row t
        // holds h_{t-1}, the last h is in `final`, and gates row t holds i, f, g, o.
        let hidden = (0..<length).map { t in
            t + 1 < length ? Array(lstm.hiddenIn[((t + 1) * h)..<((t + 2) * h)]) : Array(final[0..<h])
        }
        func gate(_ block: Int) -> [[Float]] {
            (0..<length).map { t in Array(lstm.gates[(t * 4 * h + block * h)..<(t * 4 * h + (block + 1) * h)]) }
        }
        return SequenceTrace(hidden: hidden, input: gate(0), forget: gate(1), candidate: gate(2), output: gate(3))
    }
}
