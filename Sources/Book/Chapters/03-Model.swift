import Batches
import Engine
import Format
import Foundation
import Generator
import Model
import Notebook
import NumericCore
import Parameters

/// Chapter 3's entry point: why a plain RNN struggles with long sequences,
/// the parameters, the reference model's first logits, and the two checks of
/// its backward pass: against the engine, and against finite differences.
public enum ModelChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        notebook.table("long-sequences", longSequences(hp))

        let model = LSTMClassifier(hp, seed: hp.seed)
        notebook.table(
            "parameter-count",
            Table(
                header: ["tensor", "shape", "parameters"],
                rows: model.layout.tensors.map {
                    [
                        "\($0.name)", "[" + $0.shape.map(String.init).joined(separator: ", ") + "]",
                        Format.grouped($0.count)
                    ]
                }
                    + [["total", "", Format.grouped(model.parameterCount)]]))

        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let weights = ModelWeights<Float>(model.weights, model.layout)
        let logits = ReferenceModel.logits(batch, maskValue: hp.maskValue, weights)
        notebook.text(
            "forward",
            (0..<min(4, batch.count)).map { row in
                "sequence \(row) (length \(batch.lengths[row]), label \(batch.labels[row])): logits "
                    + logits[row].map { Format.fixed($0) }.joined(separator: " ")
            }.joined(separator: "\n"))

        // Until chapter 4 there is no loss; any dL/dlogits tests the backward pass.
        var random = Xoshiro256(seed: hp.seed &+ 3)
        let dLogits = (0..<batch.count).map { _ in (0..<hp.classCount).map { _ in random.float(in: -1...1) } }
        notebook.table("reference-vs-engine", referenceAgainstEngine(model, batch, hp, dLogits: dLogits))
        notebook.table("gradient-check", gradientCheck(model, batch, hp, random: &random))
    }

    /// `19` as `₁₉`, for labels that name an input by its step.
    static func subscriptDigits(_ n: Int) -> String {
        String(String(n).map { $0.isNumber ? Character(UnicodeScalar(0x2080 + Int(String($0))!)!) : $0 })
    }

    /// The effect of a sequence's first input on its last state, relative to
    /// the last input's, for a plain RNN and for the LSTM with several forget
    /// biases: the median over 16 sequences of length T.
    static func longSequences(_ hp: Hyperparameters) -> Table {
        var full = hp
        full.minLength = hp.maxLength
        var generator = ToySequences(full, seed: hp.seed &+ 5)
        let sequences = (0..<16).map { _ in
            generator.next().values.map { Double(scaled(Double($0), maxValue: hp.maxValue)) }
        }
        let last = hp.maxLength - 1
        func medianRatio(_ run: ([Double]) -> [Double]) -> String {
            let ratios = sequences.map { sensitivity(run, $0, to: 0) / sensitivity(run, $0, to: last) }
            return Format.scientific(median(ratios))
        }
        var random = Xoshiro256(seed: hp.seed &+ 6)
        let rnn = PlainRNN(hiddenSize: hp.hiddenSize, random: &random)
        var rows: [[String]] = []
        for scale in [0.5, 1, 1.5] {
            var scaledRNN = rnn
            scaledRNN.recurrentKernel = rnn.recurrentKernel.map { $0.map { $0 * scale } }
            rows.append(["plain RNN", "Wₕ orthogonal × \(Format.plain(scale))", medianRatio(scaledRNN.forward)])
        }
        let layout = ParameterLayout(hp)
        var weights = ModelWeights<Double>(LSTMClassifier.initialWeights(layout, random: &random), layout)
        for forgetBias in [0.0, 1, 3, 6] {
            for u in 0..<hp.hiddenSize { weights.bias[hp.hiddenSize + u] = forgetBias }
            let lstm = { ReferenceLSTM.forward($0, maskValue: Double(hp.maskValue), weights).h }
            let gate = Activation.sigmoid(forgetBias)
            rows.append([
                "LSTM",
                "forget bias \(Format.plain(forgetBias)) (σ = \(Format.fixed(gate, 2)))"
                    + (forgetBias == 1 ? ", Keras" : ""), medianRatio(lstm)
            ])
        }
        return Table(
            header: ["model", "setting", "effect of x₀ relative to x\(subscriptDigits(last)), median of 16"],
            rows: rows)
    }

    /// The largest difference between the reference and the engine, for the
    /// logits and each gradient, on one batch.
    static func referenceAgainstEngine(
        _ model: LSTMClassifier, _ batch: Batch, _ hp: Hyperparameters, dLogits: [[Float]]
    ) -> Table {
        let weights = ModelWeights<Float>(model.weights, model.layout)
        let logits = ReferenceModel.logits(batch, maskValue: hp.maskValue, weights).flatMap { $0 }
        let gradients = ReferenceModel.gradients(batch, maskValue: hp.maskValue, weights, dLogits: dLogits)
        let engineLogits = model.forward(batch)
        model.zeroGradients()
        model.backward(dLogits.flatMap { $0 })
        let pairs =
            [("logits", logits, engineLogits)]
            + zip(model.layout.tensors, gradients.tensors).map { slice, reference in
                ("d " + slice.name, reference, Array(model.gradients[slice.range]))
            }
        return Table(
            header: ["tensor", "largest |value|", "largest |reference - engine|"],
            rows: pairs.map { name, reference, engine in
                let difference = zip(reference, engine).map { abs($0 - $1) }.max()!
                return [name, Format.fixed(reference.map(abs).max()!), Format.scientific(Double(difference))]
            })
    }

    /// Central finite differences in Double against the reference's analytic
    /// gradient, for a sample of each tensor's entries, on four sequences.
    static func gradientCheck(
        _ model: LSTMClassifier, _ batch: Batch, _ hp: Hyperparameters, random: inout Xoshiro256
    ) -> Table {
        let rows = min(4, batch.count)
        let small = Batch(
            inputs: Array(batch.inputs[0..<(rows * batch.maxLength)]), lengths: Array(batch.lengths[0..<rows]),
            labels: Array(batch.labels[0..<rows]), maxLength: batch.maxLength)
        let r = (0..<rows).map { _ in (0..<hp.classCount).map { _ in Double(random.float(in: -1...1)) } }
        // L = Σ r·logits, a loss whose dL/dlogits is r.
        func loss(_ w: ModelWeights<Double>) -> Double {
            zip(ReferenceModel.logits(small, maskValue: hp.maskValue, w), r).reduce(0) { sum, pair in
                zip(pair.0, pair.1).reduce(sum) { $0 + $1.0 * $1.1 }
            }
        }
        let weights = ModelWeights<Double>(model.weights, model.layout)
        let analytic = ReferenceModel.gradients(small, maskValue: hp.maskValue, weights, dLogits: r).tensors
        let epsilon = 1e-5
        var table: [[String]] = []
        for (index, slice) in model.layout.tensors.enumerated() {
            let entries =
                slice.count <= 8
                ? Array(0..<slice.count)
                : (0..<8).map { _ in random.int(in: 0...(slice.count - 1)) }
            var (largest, difference, relative) = (0.0, 0.0, 0.0)
            for entry in entries {
                let numeric =
                    (loss(weights.nudged(index, entry, by: epsilon))
                        - loss(weights.nudged(index, entry, by: -epsilon))) / (2 * epsilon)
                let exact = analytic[index][entry]
                largest = max(largest, abs(exact))
                difference = max(difference, abs(numeric - exact))
                relative = max(relative, abs(numeric - exact) / max(abs(numeric), abs(exact), 1e-300))
            }
            table.append([
                slice.name, "\(entries.count)", Format.scientific(largest),
                Format.scientific(difference), Format.scientific(relative)
            ])
        }
        return Table(
            header: [
                "tensor", "entries", "largest |gradient|", "largest difference",
                "largest relative error"
            ], rows: table)
    }
}

extension ModelWeights {
    /// A copy with entry `entry` of tensor `tensor` (in `tensors`' order and
    /// row-major numbering) changed by `delta`.
    func nudged(_ tensor: Int, _ entry: Int, by delta: Scalar) -> ModelWeights {
        var copy = self
        switch tensor {
        case 0: copy.kernel[entry] += delta
        case 1: copy.recurrentKernel[entry / copy.kernel.count][entry % copy.kernel.count] += delta
        case 2: copy.bias[entry] += delta
        case 3: copy.denseKernel[entry / copy.denseBias.count][entry % copy.denseBias.count] += delta
        default: copy.denseBias[entry] += delta
        }
        return copy
    }
}
