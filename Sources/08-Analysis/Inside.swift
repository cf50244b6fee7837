import Batches
import Engine
import Foundation
import Generator
import Model
import NumericCore
import Parameters

/// What the LSTM computes along one sequence: h_t and the four gates at
/// every real timestep.
///
/// h comes from the engine (`hiddenStates`). The gates are recomputed here
/// from the weights, one timestep at a time, the way chapter 3 writes the
/// cell: z = b + x·W_x + h_{t-1}·W_h, then i, f, o = σ(z_i, z_f, z_o) and
/// g = tanh(z_g). The engine keeps its gates in internal buffers; recomputing
/// them from h_{t-1} reads the same model (a test checks that o·tanh(c)
/// from these gates gives back the engine's h).
public struct CellTrace {
    /// h_t, one array of H per timestep.
    public var hidden: [[Float]]
    /// The gates after their activations, one array of H per timestep each.
    public var input: [[Float]], forget: [[Float]], candidate: [[Float]], output: [[Float]]

    public init(_ model: LSTMClassifier, _ sequence: LabeledSequence, _ hp: Hyperparameters) {
        let batch = Batch([sequence], hp)
        hidden = model.hiddenStates(of: batch)
        let layout = model.layout
        let (h, g4) = (layout.hiddenSize, 4 * layout.hiddenSize)
        let (wx, wh, bias) = (model.tensor(layout.kernel), model.tensor(layout.recurrentKernel), model.tensor(layout.bias))
        (input, forget, candidate, output) = ([], [], [], [])
        for t in hidden.indices {
            let previous = t == 0 ? [Float](repeating: 0, count: h) : hidden[t - 1]
            let x = batch.inputs[t]
            var z = (0..<g4).map { bias[$0] + x * wx[$0] }
            for k in 0..<h where previous[k] != 0 {
                for j in 0..<g4 { z[j] += previous[k] * wh[k * g4 + j] }
            }
            func block(_ b: Int) -> ArraySlice<Float> { z[(b * h)..<((b + 1) * h)] }
            input.append(block(0).map(sigmoid))
            forget.append(block(1).map(sigmoid))
            candidate.append(block(2).map { Activation.tanh($0) })
            output.append(block(3).map(sigmoid))
        }
    }
}

private func sigmoid(_ z: Float) -> Float { Activation.sigmoid(z) }
