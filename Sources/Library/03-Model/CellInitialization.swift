import Engine
import NumericCore
import Parameters

extension CellClassifier {
    /// A freshly initialised plain RNN or GRU model; the weights come from
    /// `seed` alone, drawn as `LSTMClassifier(hp, seed:)` draws the LSTM's.
    public convenience init(_ cell: RecurrentCell, _ hp: Hyperparameters, seed: UInt64) {
        let layout = CellLayout(cell, hp)
        var random = Xoshiro256(seed: seed)
        self.init(layout: layout, weights: Self.initialWeights(layout, random: &random))
    }

    /// Fresh weights, initialised as Keras initialises `SimpleRNN`, `GRU` and
    /// `Dense`, in this order from `random`:
    ///
    /// - `<cell>/kernel`: Glorot-uniform, U(-l, l) with l = √(6 / (fan_in + fan_out)).
    /// - `<cell>/recurrent_kernel`: orthogonal, as the LSTM's (for the GRU,
    ///   one H×3H matrix with orthonormal rows, as Keras draws it).
    /// - `<cell>/bias`: zero (both rows of the GRU's). There is no forget
    ///   gate to open: the GRU's update gate starts at σ(0) = 1/2.
    /// - `dense/kernel`: Glorot-uniform; `dense/bias`: zero.
    public static func initialWeights(_ layout: CellLayout, random: inout Xoshiro256) -> [Float] {
        var weights = [Float](repeating: 0, count: layout.count)
        func glorotUniform(_ slice: TensorSlice) {
            let (fanIn, fanOut) = (slice.shape[0], slice.shape[1])
            let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
            for i in slice.range { weights[i] = random.float(in: -limit...limit) }
        }
        glorotUniform(layout.kernel)
        let orthogonal = LSTMClassifier.orthogonalRows(
            rows: layout.hiddenSize, columns: layout.width, random: &random)
        weights.replaceSubrange(layout.recurrentKernel.range, with: orthogonal)
        glorotUniform(layout.denseKernel)
        return weights
    }
}
