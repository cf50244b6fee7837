import Engine
import NumericCore

/// A plain recurrent network, for comparison with the LSTM: one state h and
/// one update, h_t = tanh(b + x_t·W_x + h_{t-1}·W_h). Initialised as Keras's
/// `SimpleRNN`: W_x Glorot-uniform, W_h orthogonal, b zero.
public struct PlainRNN {
    public var kernel: [Double]
    public var recurrentKernel: [[Double]]
    public var bias: [Double]

    public init(hiddenSize h: Int, random: inout Xoshiro256) {
        let limit = (6.0 / Double(1 + h)).squareRoot()
        kernel = (0..<h).map { _ in Double(random.float(in: Float(-limit)...Float(limit))) }
        let orthogonal = LSTMClassifier.orthogonalRows(rows: h, columns: h, random: &random)
        recurrentKernel = (0..<h).map { k in orthogonal[(k * h)..<((k + 1) * h)].map(Double.init) }
        bias = Array(repeating: 0, count: h)
    }

    // ANCHOR: rnn
    /// The last h after reading `inputs`.
    public func forward(_ inputs: [Double]) -> [Double] {
        var h = bias.map { _ in 0.0 }
        for x in inputs {
            var z = bias
            for j in z.indices { z[j] += x * kernel[j] }
            for k in h.indices {
                for j in z.indices { z[j] += h[k] * recurrentKernel[k][j] }
            }
            h = z.map { Activation.tanh($0) }
        }
        return h
    }
    // ANCHOR_END: rnn
}

/// How much the last state depends on input t: the length of ∂h_T/∂x_t,
/// by central differences.
public func sensitivity(_ run: ([Double]) -> [Double], _ inputs: [Double], to t: Int) -> Double {
    let epsilon = 1e-6
    var (plus, minus) = (inputs, inputs)
    plus[t] += epsilon
    minus[t] -= epsilon
    let slope = zip(run(plus), run(minus)).map { ($0 - $1) / (2 * epsilon) }
    return slope.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
