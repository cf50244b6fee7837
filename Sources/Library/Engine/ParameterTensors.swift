import Parameters

/// One named tensor inside a flat parameter buffer.
public struct TensorSlice: Equatable, Sendable {
    /// Keras's name for it, e.g. `lstm/recurrent_kernel`.
    public var name: String
    /// Keras's shape for it, e.g. `[32, 128]`.
    public var shape: [Int]
    /// Where it starts in the buffer.
    public var offset: Int
    public var count: Int { shape.reduce(1, *) }
    public var range: Range<Int> { offset..<(offset + count) }
}

/// The model's five tensors, laid out one after the other in one buffer.
///
/// As in llm.c, the parameters, their gradients and Adam's two moments are
/// each one contiguous `[Float]` with the same layout, so the optimizer is a
/// single loop over all of them and saving is a copy. Names, shapes, order
/// and row-major layout are Keras's: the 4H columns of the LSTM tensors are
/// four blocks of H, one per gate, in the order input, forget, cell, output.
///
///     lstm/kernel            [1, 4H]   input → gates (the input has one feature)
///     lstm/recurrent_kernel  [H, 4H]   h_{t-1} → gates
///     lstm/bias              [4H]
///     dense/kernel           [H, C]    final h → logits
///     dense/bias             [C]
public struct ParameterLayout: Equatable, Sendable {
    public let hiddenSize: Int
    public let classCount: Int
    public let kernel: TensorSlice
    public let recurrentKernel: TensorSlice
    public let bias: TensorSlice
    public let denseKernel: TensorSlice
    public let denseBias: TensorSlice

    public init(hiddenSize: Int, classCount: Int) {
        self.hiddenSize = hiddenSize
        self.classCount = classCount
        let gates = 4 * hiddenSize
        var offset = 0
        func next(_ name: String, _ shape: [Int]) -> TensorSlice {
            let slice = TensorSlice(name: name, shape: shape, offset: offset)
            offset += slice.count
            return slice
        }
        kernel = next("lstm/kernel", [1, gates])
        recurrentKernel = next("lstm/recurrent_kernel", [hiddenSize, gates])
        bias = next("lstm/bias", [gates])
        denseKernel = next("dense/kernel", [hiddenSize, classCount])
        denseBias = next("dense/bias", [classCount])
    }

    public init(_ hp: Hyperparameters) {
        self.init(hiddenSize: hp.hiddenSize, classCount: hp.classCount)
    }

    /// All five, in order.
    public var tensors: [TensorSlice] { [kernel, recurrentKernel, bias, denseKernel, denseBias] }

    /// The length of the flat buffer.
    public var count: Int { denseBias.offset + denseBias.count }
}
