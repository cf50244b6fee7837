import Parameters

/// The two recurrent cells the tutorial sets beside its LSTM: Keras's
/// `SimpleRNN` and `GRU` (with its default `reset_after=True`).
public enum RecurrentCell: String, Equatable, Sendable, CaseIterable {
    /// h_t = tanh(x_t·W_x + h_{t-1}·W_h + b).
    case simpleRNN
    /// Update gate z, reset gate r, candidate ĥ; h_t = z ⊙ h_{t-1} + (1 - z) ⊙ ĥ.
    case gru

    /// How many blocks of H columns the kernels have: one for the plain RNN,
    /// three (z, r, ĥ) for the GRU.
    public var blocks: Int { self == .gru ? 3 : 1 }

    /// Keras's name for the layer, as its tensors are named.
    public var kerasName: String { self == .gru ? "gru" : "simple_rnn" }
}

/// The tensors of `Masking(-1) → SimpleRNN(H) or GRU(H) → Dense(C)` in one
/// flat buffer, in Keras's names, shapes and order, as `ParameterLayout`
/// lays out the LSTM's. With G = 1 (plain RNN) or 3 (GRU):
///
///     <cell>/kernel            [1, G·H]   input → pre-activations
///     <cell>/recurrent_kernel  [H, G·H]   h_{t-1} → pre-activations
///     <cell>/bias              [G·H], or the GRU's [2, 3H]: the input bias, then the recurrent bias
///     dense/kernel             [H, C]
///     dense/bias               [C]
///
/// The GRU's 3H columns are three blocks of H in Keras's order: update gate
/// z, reset gate r, candidate ĥ.
public struct CellLayout: Equatable, Sendable {
    public let cell: RecurrentCell
    public let hiddenSize: Int
    public let classCount: Int
    public let kernel: TensorSlice
    public let recurrentKernel: TensorSlice
    public let bias: TensorSlice
    public let denseKernel: TensorSlice
    public let denseBias: TensorSlice

    public init(_ cell: RecurrentCell, hiddenSize: Int, classCount: Int) {
        self.cell = cell
        self.hiddenSize = hiddenSize
        self.classCount = classCount
        let width = cell.blocks * hiddenSize
        var offset = 0
        func next(_ name: String, _ shape: [Int]) -> TensorSlice {
            let slice = TensorSlice(name: name, shape: shape, offset: offset)
            offset += slice.count
            return slice
        }
        kernel = next("\(cell.kerasName)/kernel", [1, width])
        recurrentKernel = next("\(cell.kerasName)/recurrent_kernel", [hiddenSize, width])
        bias = next("\(cell.kerasName)/bias", cell == .gru ? [2, width] : [width])
        denseKernel = next("dense/kernel", [hiddenSize, classCount])
        denseBias = next("dense/bias", [classCount])
    }

    public init(_ cell: RecurrentCell, _ hp: Hyperparameters) {
        self.init(cell, hiddenSize: hp.hiddenSize, classCount: hp.classCount)
    }

    /// G·H: the columns of the kernels.
    public var width: Int { cell.blocks * hiddenSize }

    /// All five, in order.
    public var tensors: [TensorSlice] { [kernel, recurrentKernel, bias, denseKernel, denseBias] }

    /// The length of the flat buffer.
    public var count: Int { denseBias.offset + denseBias.count }
}
