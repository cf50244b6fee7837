import Engine

/// The model's five tensors as plain arrays, with Keras's names and shapes.
/// The same type holds their gradients.
///
/// The 4H columns of the LSTM's tensors are four blocks of H, one per gate,
/// in Keras's order: input (i), forget (f), candidate (g), output (o). So
/// unit u's four pre-activations are columns u, H + u, 2H + u and 3H + u.
public struct ModelWeights<Scalar: BinaryFloatingPoint> {
    /// W_x, `lstm/kernel` [1, 4H]: the input, one number per timestep, to the gates.
    public var kernel: [Scalar]
    /// W_h, `lstm/recurrent_kernel` [H, 4H]: row k is what unit k of h_{t-1} adds to the gates.
    public var recurrentKernel: [[Scalar]]
    /// b, `lstm/bias` [4H].
    public var bias: [Scalar]
    /// W_d, `dense/kernel` [H, C].
    public var denseKernel: [[Scalar]]
    /// b_d, `dense/bias` [C].
    public var denseBias: [Scalar]

    public var hiddenSize: Int { recurrentKernel.count }

    /// The tensors of a flat buffer laid out by `layout` (the engine's form).
    public init(_ flat: [Float], _ layout: ParameterLayout) {
        func vector(_ slice: TensorSlice) -> [Scalar] { flat[slice.range].map { Scalar($0) } }
        func matrix(_ slice: TensorSlice) -> [[Scalar]] {
            let columns = slice.shape[1]
            return (0..<slice.shape[0]).map { row in
                flat[(slice.offset + row * columns)..<(slice.offset + (row + 1) * columns)].map { Scalar($0) }
            }
        }
        kernel = vector(layout.kernel)
        recurrentKernel = matrix(layout.recurrentKernel)
        bias = vector(layout.bias)
        denseKernel = matrix(layout.denseKernel)
        denseBias = vector(layout.denseBias)
    }

    /// Each tensor flattened row by row, in `ParameterLayout`'s order.
    public var tensors: [[Scalar]] {
        [kernel, recurrentKernel.flatMap { $0 }, bias, denseKernel.flatMap { $0 }, denseBias]
    }
}
