import NumericCore

/// What one LSTM step reads and computes, for one sequence: kept by the
/// forward pass because the backward pass needs all of it.
public struct LSTMStep<Scalar: BinaryFloatingPoint> {
    /// x_t, h_{t-1} and c_{t-1}: the step's input and the state it starts from.
    public var x: Scalar
    public var hPrevious, cPrevious: [Scalar]
    /// The gates after their activations: input, forget, candidate, output.
    public var i, f, g, o: [Scalar]
    /// c_t and h_t: the state it hands on.
    public var c, h: [Scalar]
}

/// The LSTM written to be read: one sequence at a time, plain arrays and
/// loops. Training uses the `Engine`, which computes the same numbers faster
/// (chapter 7); the tests check that the two agree.
public enum ReferenceLSTM {
    // Each function here is also compiled for Float, where it is defined: called
    // from another module, a generic function otherwise sends every + and * through
    // the protocol's witness table, about 20 times slower (not part of the code shown).
    @_specialize(where Scalar == Float)
    // ANCHOR: cell
    /// One timestep: z = b + x_t·W_x + h_{t-1}·W_h, then the four gates and the new state.
    public static func step<Scalar>(
        x: Scalar, hPrevious: [Scalar], cPrevious: [Scalar], _ w: ModelWeights<Scalar>
    ) -> LSTMStep<Scalar> {
        let units = w.hiddenSize
        var z = w.bias
        for j in z.indices { z[j] += x * w.kernel[j] }
        for k in 0..<units {
            for j in z.indices { z[j] += hPrevious[k] * w.recurrentKernel[k][j] }
        }
        var s = LSTMStep(
            x: x, hPrevious: hPrevious, cPrevious: cPrevious,
            i: [], f: [], g: [], o: [], c: [], h: [])
        for u in 0..<units {
            let i = Activation.sigmoid(z[u])
            let f = Activation.sigmoid(z[units + u])
            let g = Activation.tanh(z[2 * units + u])
            let o = Activation.sigmoid(z[3 * units + u])
            let c = f * cPrevious[u] + i * g
            let h = o * Activation.tanh(c)
            s.i.append(i); s.f.append(f); s.g.append(g); s.o.append(o)
            s.c.append(c); s.h.append(h)
        }
        return s
    }
    // ANCHOR_END: cell

    @_specialize(where Scalar == Float)
    // ANCHOR: forward
    /// Runs the LSTM along one padded sequence. A step whose input is the
    /// mask value is skipped, as Keras skips it: h and c carry over unchanged
    /// (`nil` marks it in `steps`). Returns the last h and every step.
    public static func forward<Scalar>(
        _ inputs: [Scalar], maskValue: Scalar, _ w: ModelWeights<Scalar>
    ) -> (h: [Scalar], steps: [LSTMStep<Scalar>?]) {
        var h = [Scalar](repeating: 0, count: w.hiddenSize)
        var c = h
        var steps: [LSTMStep<Scalar>?] = []
        for x in inputs {
            if x == maskValue {
                steps.append(nil)
                continue
            }
            let s = step(x: x, hPrevious: h, cPrevious: c, w)
            (h, c) = (s.h, s.c)
            steps.append(s)
        }
        return (h, steps)
    }
    // ANCHOR_END: forward

    // The comments of the backward pass line up with the formulas they name: not reformatted.
    // swift-format-ignore
    @_specialize(where Scalar == Float)
    // ANCHOR: backward
    /// Backpropagation through time for one sequence. `dH` is dL/dh of the
    /// output, the last h. Adds dL/dW_x, dL/dW_h and dL/db into `gradients`,
    /// and returns dL/dh and dL/dc of the zero state the sequence started from.
    public static func backward<Scalar>(
        _ dH: [Scalar], steps: [LSTMStep<Scalar>?], _ w: ModelWeights<Scalar>,
        gradients: inout ModelWeights<Scalar>
    ) -> (dH: [Scalar], dC: [Scalar]) {
        let units = w.hiddenSize
        var dh = dH                                      // dL/dh_t
        var dc = [Scalar](repeating: 0, count: units)    // dL/dc_t through c_{t+1}
        for case let s? in steps.reversed() {            // masked steps pass dh, dc on
            var dz = [Scalar](repeating: 0, count: 4 * units)
            for u in 0..<units {
                let tanhC = Activation.tanh(s.c[u])
                let dcU = dc[u] + dh[u] * s.o[u] * (1 - tanhC * tanhC)    // both sources
                dz[u] = dcU * s.g[u] * s.i[u] * (1 - s.i[u])                   // dz_i
                dz[units + u] = dcU * s.cPrevious[u] * s.f[u] * (1 - s.f[u])   // dz_f
                dz[2 * units + u] = dcU * s.i[u] * (1 - s.g[u] * s.g[u])       // dz_g
                dz[3 * units + u] = dh[u] * tanhC * s.o[u] * (1 - s.o[u])      // dz_o
                dc[u] = dcU * s.f[u]                                           // dc_{t-1}
            }
            for j in dz.indices {
                gradients.kernel[j] += s.x * dz[j]
                gradients.bias[j] += dz[j]
            }
            for k in 0..<units {
                for j in dz.indices {
                    gradients.recurrentKernel[k][j] += s.hPrevious[k] * dz[j]
                }
                dh[k] = 0
                for j in dz.indices { dh[k] += w.recurrentKernel[k][j] * dz[j] }
            }
        }
        return (dh, dc)
    }
    // ANCHOR_END: backward
}
