import Batches

/// The dense layer, logits = b_d + h·W_d, forward and backward.
public enum ReferenceDense {
    // ANCHOR: dense
    public static func forward<Scalar>(_ h: [Scalar], _ w: ModelWeights<Scalar>) -> [Scalar] {
        var logits = w.denseBias
        for j in h.indices {
            for k in logits.indices { logits[k] += h[j] * w.denseKernel[j][k] }
        }
        return logits
    }

    /// Adds dL/dW_d and dL/db_d into `gradients`; returns dL/dh.
    public static func backward<Scalar>(
        _ dLogits: [Scalar], h: [Scalar], _ w: ModelWeights<Scalar>,
        gradients: inout ModelWeights<Scalar>
    ) -> [Scalar] {
        var dh = [Scalar](repeating: 0, count: h.count)
        for k in dLogits.indices { gradients.denseBias[k] += dLogits[k] }
        for j in h.indices {
            for k in dLogits.indices {
                gradients.denseKernel[j][k] += h[j] * dLogits[k]
                dh[j] += w.denseKernel[j][k] * dLogits[k]
            }
        }
        return dh
    }
    // ANCHOR_END: dense
}

/// The whole model, Masking → LSTM → Dense, on a batch, one sequence at a time.
public enum ReferenceModel {
    // ANCHOR: model
    /// Each sequence's logits.
    public static func logits<Scalar>(
        _ batch: Batch, maskValue: Float, _ w: ModelWeights<Scalar>
    ) -> [[Scalar]] {
        (0..<batch.count).map { row in
            let x: [Scalar] = inputs(batch, row)
            let (h, _) = ReferenceLSTM.forward(x, maskValue: Scalar(maskValue), w)
            return ReferenceDense.forward(h, w)
        }
    }

    /// The gradients of a loss L, given dL/dlogits for each sequence: a sum
    /// over the sequences, since L depends on each only through its logits.
    public static func gradients<Scalar>(
        _ batch: Batch, maskValue: Float, _ w: ModelWeights<Scalar>, dLogits: [[Scalar]]
    ) -> ModelWeights<Scalar> {
        var gradients = ModelWeights<Scalar>(zerosLike: w)
        for row in 0..<batch.count {
            let x: [Scalar] = inputs(batch, row)
            let (h, steps) = ReferenceLSTM.forward(x, maskValue: Scalar(maskValue), w)
            let dH = ReferenceDense.backward(dLogits[row], h: h, w, gradients: &gradients)
            _ = ReferenceLSTM.backward(dH, steps: steps, w, gradients: &gradients)
        }
        return gradients
    }
    // ANCHOR_END: model

    /// Row `row` of the batch, padding included, in `Scalar`.
    static func inputs<Scalar: BinaryFloatingPoint>(_ batch: Batch, _ row: Int) -> [Scalar] {
        batch.inputs[(row * batch.maxLength)..<((row + 1) * batch.maxLength)].map { Scalar($0) }
    }
}

extension ModelWeights {
    /// All zeros, in the shapes of `other`.
    public init(zerosLike other: ModelWeights) {
        kernel = other.kernel.map { _ in 0 }
        recurrentKernel = other.recurrentKernel.map { $0.map { _ in 0 } }
        bias = other.bias.map { _ in 0 }
        denseKernel = other.denseKernel.map { $0.map { _ in 0 } }
        denseBias = other.denseBias.map { _ in 0 }
    }
}
