import NumericCore

/// What one GRU step reads and computes, for one sequence: kept by the
/// forward pass because the backward pass needs all of it.
public struct GRUStep<Scalar: BinaryFloatingPoint> {
    /// x_t and h_{t-1}.
    public var x: Scalar
    public var hPrevious: [Scalar]
    /// The update gate z, the reset gate r and the candidate ĥ, after their activations.
    public var z, r, candidate: [Scalar]
    /// h_{t-1}·U_h + rb_h: the candidate's recurrent part, before r scales it.
    public var recurrentCandidate: [Scalar]
    /// h_t.
    public var h: [Scalar]
}

/// Keras's `GRU` (with its default `reset_after=True`) written to be read,
/// beside `ReferenceLSTM`: one sequence at a time, plain arrays and loops.
/// Two gates and a candidate, from the input part x·W + b and the
/// recurrent part h_{t-1}·U + rb, each 3H wide (blocks z, r, ĥ):
///
///     z  = σ(x W_z + b_z + h U_z + rb_z)        update gate: how much of h_{t-1} to keep
///     r  = σ(x W_r + b_r + h U_r + rb_r)        reset gate: how much of h_{t-1} the candidate sees
///     ĥ  = tanh(x W_h + b_h + r ⊙ (h U_h + rb_h))
///     h_t = z ⊙ h_{t-1} + (1 - z) ⊙ ĥ
///
/// Unlike the LSTM, there is no separate cell state: h itself is what is
/// kept, and z decides, unit by unit, between keeping it and replacing it.
public enum ReferenceGRU {
    // ANCHOR: gru-cell
    /// One timestep: the input and recurrent parts, then z, r, ĥ and h_t.
    public static func step<Scalar>(
        x: Scalar, hPrevious: [Scalar], _ w: CellWeights<Scalar>
    ) -> GRUStep<Scalar> {
        let units = w.hiddenSize
        var input = w.bias  // b + x·W
        for j in input.indices { input[j] += x * w.kernel[j] }
        var recurrent = w.recurrentBias  // rb + h_{t-1}·U
        for k in 0..<units {
            for j in recurrent.indices {
                recurrent[j] += hPrevious[k] * w.recurrentKernel[k][j]
            }
        }
        var s = GRUStep(
            x: x, hPrevious: hPrevious, z: [], r: [], candidate: [],
            recurrentCandidate: [], h: [])
        for u in 0..<units {
            let z = Activation.sigmoid(input[u] + recurrent[u])
            let r = Activation.sigmoid(input[units + u] + recurrent[units + u])
            let rc = recurrent[2 * units + u]
            let candidate = Activation.tanh(input[2 * units + u] + r * rc)
            let h = z * hPrevious[u] + (1 - z) * candidate
            s.z.append(z); s.r.append(r); s.candidate.append(candidate)
            s.recurrentCandidate.append(rc); s.h.append(h)
        }
        return s
    }
    // ANCHOR_END: gru-cell

    // ANCHOR: gru-forward
    /// Runs the GRU along one padded sequence; a step whose input is the mask
    /// value is skipped and h carries over (`nil` in `steps`).
    public static func forward<Scalar>(
        _ inputs: [Scalar], maskValue: Scalar, _ w: CellWeights<Scalar>
    ) -> (h: [Scalar], steps: [GRUStep<Scalar>?]) {
        var h = [Scalar](repeating: 0, count: w.hiddenSize)
        var steps: [GRUStep<Scalar>?] = []
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
    // ANCHOR_END: gru-forward

    // The comments of the backward pass line up with the formulas they name: not reformatted.
    // swift-format-ignore
    // ANCHOR: gru-backward
    /// Backpropagation through time for one sequence. `dH` is dL/dh of the
    /// last h. Adds the gradients of W, U, b and rb into `gradients`; returns
    /// dL/dh of the zero state the sequence started from.
    public static func backward<Scalar>(
        _ dH: [Scalar], steps: [GRUStep<Scalar>?], _ w: CellWeights<Scalar>,
        gradients: inout CellWeights<Scalar>
    ) -> [Scalar] {
        let units = w.hiddenSize
        var dh = dH                                          // dL/dh_t
        for case let s? in steps.reversed() {                // masked steps pass dh on
            var dInput = [Scalar](repeating: 0, count: 3 * units)      // d(b + x·W)
            var dRecurrent = [Scalar](repeating: 0, count: 3 * units)  // d(rb + h·U)
            for u in 0..<units {
                let (z, r, c) = (s.z[u], s.r[u], s.candidate[u])
                let dz = dh[u] * (s.hPrevious[u] - c)        // h_t = z h + (1-z) ĥ
                let dcPre = dh[u] * (1 - z) * (1 - c * c)    // through ĥ = tanh(·)
                let dr = dcPre * s.recurrentCandidate[u]     // through r ⊙ (h U_h + rb_h)
                dInput[u] = dz * z * (1 - z)                 // z = σ(·)
                dInput[units + u] = dr * r * (1 - r)         // r = σ(·)
                dInput[2 * units + u] = dcPre
                dRecurrent[u] = dInput[u]
                dRecurrent[units + u] = dInput[units + u]
                dRecurrent[2 * units + u] = dcPre * r        // r scales h U_h + rb_h
                dh[u] *= z                                   // h_{t-1}'s own path
            }
            for j in dInput.indices {
                gradients.kernel[j] += s.x * dInput[j]
                gradients.bias[j] += dInput[j]
                gradients.recurrentBias[j] += dRecurrent[j]
            }
            for k in 0..<units {                             // and its path through U
                for j in dRecurrent.indices {
                    gradients.recurrentKernel[k][j] += s.hPrevious[k] * dRecurrent[j]
                    dh[k] += w.recurrentKernel[k][j] * dRecurrent[j]
                }
            }
        }
        return dh
    }
    // ANCHOR_END: gru-backward
}
