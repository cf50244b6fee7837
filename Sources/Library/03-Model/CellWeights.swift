import Batches
import Engine

/// The tensors of a plain RNN or a GRU and its Dense layer as plain arrays,
/// with Keras's names and shapes: `ModelWeights` for the two other cells.
/// The same type holds their gradients.
///
/// With G = 1 (plain RNN) or 3 (GRU), the kernels have G·H columns; the
/// GRU's are three blocks of H in Keras's order, update gate z, reset gate
/// r, candidate ĥ, so unit u's three are columns u, H + u and 2H + u.
public struct CellWeights<Scalar: BinaryFloatingPoint> {
    public var cell: RecurrentCell
    /// W_x, `<cell>/kernel` [1, G·H].
    public var kernel: [Scalar]
    /// W_h (the GRU's U), `<cell>/recurrent_kernel` [H, G·H]: row k is what
    /// unit k of h_{t-1} adds.
    public var recurrentKernel: [[Scalar]]
    /// b, `<cell>/bias` [G·H] (the GRU's row 0 of [2, 3H]: the input bias).
    public var bias: [Scalar]
    /// The GRU's recurrent bias, row 1 of `gru/bias`, added to h_{t-1}·U;
    /// empty for the plain RNN.
    public var recurrentBias: [Scalar]
    /// W_d, `dense/kernel` [H, C].
    public var denseKernel: [[Scalar]]
    /// b_d, `dense/bias` [C].
    public var denseBias: [Scalar]

    public var hiddenSize: Int { recurrentKernel.count }

    /// The tensors of a flat buffer laid out by `layout` (the engine's form,
    /// in `Float`; or another precision's).
    public init<Source: BinaryFloatingPoint>(_ flat: [Source], _ layout: CellLayout) {
        func vector(_ range: Range<Int>) -> [Scalar] { flat[range].map { Scalar($0) } }
        func matrix(_ slice: TensorSlice) -> [[Scalar]] {
            let columns = slice.shape[1]
            return (0..<slice.shape[0]).map { row in
                vector((slice.offset + row * columns)..<(slice.offset + (row + 1) * columns))
            }
        }
        cell = layout.cell
        kernel = vector(layout.kernel.range)
        recurrentKernel = matrix(layout.recurrentKernel)
        let width = layout.width
        bias = vector(layout.bias.offset..<(layout.bias.offset + width))
        recurrentBias = layout.cell == .gru ? vector((layout.bias.offset + width)..<layout.bias.range.upperBound) : []
        denseKernel = matrix(layout.denseKernel)
        denseBias = vector(layout.denseBias.range)
    }

    /// All zeros, in the shapes of `other`.
    public init(zerosLike other: CellWeights) {
        cell = other.cell
        kernel = other.kernel.map { _ in 0 }
        recurrentKernel = other.recurrentKernel.map { $0.map { _ in 0 } }
        bias = other.bias.map { _ in 0 }
        recurrentBias = other.recurrentBias.map { _ in 0 }
        denseKernel = other.denseKernel.map { $0.map { _ in 0 } }
        denseBias = other.denseBias.map { _ in 0 }
    }

    /// Each tensor flattened row by row, in `CellLayout`'s order.
    public var tensors: [[Scalar]] {
        [kernel, recurrentKernel.flatMap { $0 }, bias + recurrentBias, denseKernel.flatMap { $0 }, denseBias]
    }

    /// All of them in one flat buffer, as `CellLayout` lays it out.
    public var flat: [Scalar] { tensors.flatMap { $0 } }
}

/// The whole model, Masking → plain RNN or GRU → Dense, on a batch, one
/// sequence at a time: `ReferenceModel` for the two other cells.
public enum ReferenceCellModel {
    // ANCHOR: model
    /// Each sequence's logits.
    public static func logits<Scalar>(
        _ batch: Batch, maskValue: Float, _ w: CellWeights<Scalar>
    ) -> [[Scalar]] {
        (0..<batch.count).map { row in
            let x: [Scalar] = ReferenceModel.inputs(batch, row)
            let h = lastState(x, maskValue: Scalar(maskValue), w)
            return dense(h, w)
        }
    }

    /// The gradients of a loss L, given dL/dlogits for each sequence: a sum
    /// over the sequences, as for the LSTM.
    public static func gradients<Scalar>(
        _ batch: Batch, maskValue: Float, _ w: CellWeights<Scalar>, dLogits: [[Scalar]]
    ) -> CellWeights<Scalar> {
        var gradients = CellWeights<Scalar>(zerosLike: w)
        for row in 0..<batch.count {
            let x: [Scalar] = ReferenceModel.inputs(batch, row)
            let mask = Scalar(maskValue)
            switch w.cell {
            case .simpleRNN:
                let (h, steps) = ReferenceRNN.forward(x, maskValue: mask, w)
                let dH = denseBackward(dLogits[row], h: h, w, gradients: &gradients)
                _ = ReferenceRNN.backward(dH, steps: steps, w, gradients: &gradients)
            case .gru:
                let (h, steps) = ReferenceGRU.forward(x, maskValue: mask, w)
                let dH = denseBackward(dLogits[row], h: h, w, gradients: &gradients)
                _ = ReferenceGRU.backward(dH, steps: steps, w, gradients: &gradients)
            }
        }
        return gradients
    }
    // ANCHOR_END: model

    /// The last h of the cell `w` is for, along one sequence.
    public static func lastState<Scalar>(
        _ inputs: [Scalar], maskValue: Scalar, _ w: CellWeights<Scalar>
    ) -> [Scalar] {
        switch w.cell {
        case .simpleRNN: ReferenceRNN.forward(inputs, maskValue: maskValue, w).h
        case .gru: ReferenceGRU.forward(inputs, maskValue: maskValue, w).h
        }
    }

    /// logits = b_d + h·W_d, as `ReferenceDense.forward`.
    static func dense<Scalar>(_ h: [Scalar], _ w: CellWeights<Scalar>) -> [Scalar] {
        var logits = w.denseBias
        for j in h.indices {
            for k in logits.indices { logits[k] += h[j] * w.denseKernel[j][k] }
        }
        return logits
    }

    /// Adds dL/dW_d and dL/db_d into `gradients`; returns dL/dh (`ReferenceDense.backward`).
    static func denseBackward<Scalar>(
        _ dLogits: [Scalar], h: [Scalar], _ w: CellWeights<Scalar>,
        gradients: inout CellWeights<Scalar>
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
}
