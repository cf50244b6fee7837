import NumericCore

/// What one step of the plain RNN reads and computes, for one sequence.
public struct RNNStep<Scalar: BinaryFloatingPoint> {
    /// x_t and h_{t-1}.
    public var x: Scalar
    public var hPrevious: [Scalar]
    /// h_t.
    public var h: [Scalar]
}

/// Keras's `SimpleRNN` written to be read, beside `ReferenceLSTM`: one
/// sequence at a time, plain arrays and loops. One state and one update,
///
///     h_t = tanh(x_t·W_x + h_{t-1}·W_h + b)
///
/// Training uses `CellClassifier`, which computes the same numbers faster;
/// the tests check that the two agree, and this one against finite differences.
public enum ReferenceRNN {
    // ANCHOR: rnn-cell
    /// One timestep: z = b + x_t·W_x + h_{t-1}·W_h, then h_t = tanh(z).
    public static func step<Scalar>(
        x: Scalar, hPrevious: [Scalar], _ w: CellWeights<Scalar>
    ) -> RNNStep<Scalar> {
        var z = w.bias
        for j in z.indices { z[j] += x * w.kernel[j] }
        for k in hPrevious.indices {
            for j in z.indices { z[j] += hPrevious[k] * w.recurrentKernel[k][j] }
        }
        return RNNStep(x: x, hPrevious: hPrevious, h: z.map { Activation.tanh($0) })
    }
    // ANCHOR_END: rnn-cell

    // ANCHOR: rnn-forward
    /// Runs the RNN along one padded sequence; a step whose input is the mask
    /// value is skipped and h carries over (`nil` in `steps`).
    public static func forward<Scalar>(
        _ inputs: [Scalar], maskValue: Scalar, _ w: CellWeights<Scalar>
    ) -> (h: [Scalar], steps: [RNNStep<Scalar>?]) {
        var h = [Scalar](repeating: 0, count: w.hiddenSize)
        var steps: [RNNStep<Scalar>?] = []
        for x in inputs {
            if x == maskValue {
                steps.append(nil)
                continue
            }
            let s = step(x: x, hPrevious: h, w)
            h = s.h
            steps.append(s)
        }
        return (h, steps)
    }
    // ANCHOR_END: rnn-forward

    // ANCHOR: rnn-backward
    /// Backpropagation through time for one sequence. `dH` is dL/dh of the
    /// last h. Adds dL/dW_x, dL/dW_h and dL/db into `gradients`; returns
    /// dL/dh of the zero state the sequence started from.
    public static func backward<Scalar>(
        _ dH: [Scalar], steps: [RNNStep<Scalar>?], _ w: CellWeights<Scalar>,
        gradients: inout CellWeights<Scalar>
    ) -> [Scalar] {
        var dh = dH  // dL/dh_t
        for case let s? in steps.reversed() {  // masked steps pass dh on
            // h_t = tanh(z): dz = dh ⊙ (1 - h_t²)
            let dz = dh.indices.map { j in dh[j] * (1 - s.h[j] * s.h[j]) }
            for j in dz.indices {
                gradients.kernel[j] += s.x * dz[j]
                gradients.bias[j] += dz[j]
            }
            for k in dh.indices {
                for j in dz.indices {
                    gradients.recurrentKernel[k][j] += s.hPrevious[k] * dz[j]
                }
                dh[k] = 0  // dL/dh_{t-1} = W_h · dz
                for j in dz.indices { dh[k] += w.recurrentKernel[k][j] * dz[j] }
            }
        }
        return dh
    }
    // ANCHOR_END: rnn-backward
}
