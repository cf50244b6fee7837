import Batches
import Engine
import Generator
import Loss
import Model
import Optimization
import Parameters
import Training

/// The recurrent layer of the model: the notebook's LSTM, or one of the two
/// alternatives trained beside it on the same data.
public enum CellKind: String, CaseIterable, Sendable {
    case lstm
    /// Keras's `SimpleRNN`: h_t = tanh(x_t·W_x + h_{t-1}·W_h + b).
    case plainRNN
    /// Keras's `GRU` (`reset_after=True`).
    case gru

    /// The name a table prints.
    public var name: String {
        switch self {
        case .lstm: "LSTM"
        case .plainRNN: "plain RNN"
        case .gru: "GRU"
        }
    }

    /// The engine's cell for the two alternatives; nil for the LSTM.
    public var recurrentCell: RecurrentCell? {
        switch self {
        case .lstm: nil
        case .plainRNN: .simpleRNN
        case .gru: .gru
        }
    }

    /// How many numbers training adjusts in the model with `hp`'s sizes:
    /// 4H² + 10H + 2 for the LSTM (with two classes), H² + 4H + 2 for the
    /// plain RNN, 3H² + 11H + 2 for the GRU (its two bias rows).
    public func parameterCount(_ hp: Hyperparameters) -> Int {
        recurrentCell.map { CellLayout($0, hp).count } ?? ParameterLayout(hp).count
    }

    /// The hidden size whose parameter count comes closest to `target`
    /// (the smaller on a tie): the size at which this cell has as many
    /// parameters as another.
    public func hiddenSize(matching target: Int, _ hp: Hyperparameters) -> Int {
        var hp = hp
        func count(_ h: Int) -> Int {
            hp.hiddenSize = h
            return parameterCount(hp)
        }
        var h = 1  // the largest size with at most `target` parameters, or 1
        while count(h + 1) <= target { h += 1 }
        return abs(count(h + 1) - target) < abs(count(h) - target) ? h + 1 : h
    }
}

/// A trained model of any of the three kinds.
public enum TrainedModel {
    case lstm(LSTMClassifier)
    case alternative(CellClassifier)

    public var parameterCount: Int {
        switch self {
        case .lstm(let model): model.parameterCount
        case .alternative(let model): model.parameterCount
        }
    }

    public var weights: [Float] {
        switch self {
        case .lstm(let model): model.weights
        case .alternative(let model): model.weights
        }
    }

    /// The fraction of `sequences` classified correctly: `Evaluation`'s
    /// accuracy, in batches of 1,000, for any of the three.
    public func accuracy(on sequences: [LabeledSequence], _ hp: Hyperparameters) -> Double {
        switch self {
        case .lstm(let model):
            return Evaluation(model, sequences, hp).accuracy
        case .alternative(let model):
            let batches = stride(from: 0, to: sequences.count, by: 1000).map { start in
                Batch(Array(sequences[start..<min(start + 1000, sequences.count)]), hp)
            }
            let logits = model.logits(batches)
            let classes = hp.classCount
            let correct = sequences.indices.filter { i in
                argmax(logits[(i * classes)..<((i + 1) * classes)]) == sequences[i].label
            }
            return sequences.isEmpty ? 0 : Double(correct.count) / Double(sequences.count)
        }
    }
}

/// A run of an alternative stopped because its loss stopped being a number.
public struct AlternativeDiverged: Error, CustomStringConvertible {
    public var kind: CellKind
    public var step: Int
    public var loss: Float
    public var description: String { "the \(kind.name) diverged: the loss is \(loss) at step \(step)" }
}

// ANCHOR: train-alternative
/// Trains a model with the `kind` of recurrent layer by the notebook's
/// recipe: `hp.trainingSteps` Adam steps at `hp.learningRate` on the batches
/// of `InputPipeline(hp, seed: hp.seed)`, the stream the LSTM trains on,
/// from weights drawn from `hp.seed` as the LSTM's are. The LSTM is the
/// tutorial's own `TrainingRun`.
public func trainCell(_ kind: CellKind, _ hp: Hyperparameters) throws -> TrainedModel {
    guard let cell = kind.recurrentCell else {
        let run = try TrainingRun(hp)
        try run.train(until: hp.trainingSteps)
        return .lstm(run.model)
    }
    try hp.validate()
    let model = CellClassifier(cell, hp, seed: hp.seed)
    var adam = Adam(parameterCount: model.parameterCount, learningRate: hp.learningRate)
    var data = InputPipeline(hp, seed: hp.seed)
    for step in stride(from: 1, through: hp.trainingSteps, by: 1) {
        let batch = data.nextBatch()
        let logits = model.forward(batch)
        let (loss, dLogits) = softmaxCrossEntropy(
            logits: logits, labels: batch.labels, classCount: hp.classCount)
        guard loss.isFinite else {
            throw AlternativeDiverged(kind: kind, step: step, loss: loss)
        }
        model.zeroGradients()
        model.backward(dLogits)
        adam.update(&model.weights, gradients: model.gradients)
    }
    return .alternative(model)
}
// ANCHOR_END: train-alternative

/// What one trained run of one kind of cell scores.
public struct CellResult: Sendable {
    public var kind: CellKind
    public var seed: UInt64
    public var hiddenSize: Int
    public var parameterCount: Int
    /// The fraction of the held-out sequences it classifies correctly.
    public var heldOutAccuracy: Double
}

/// Trains `kind` with `hp` (its seed, its hidden size) and scores it on
/// `heldOut`: for a comparison, one shared set such as `heldOutSequences`
/// of the reader's seed, whatever the seed of the run.
public func cellResult(
    _ kind: CellKind, _ hp: Hyperparameters, heldOut: [LabeledSequence]
) throws -> CellResult {
    let model = try trainCell(kind, hp)
    return CellResult(
        kind: kind, seed: hp.seed, hiddenSize: hp.hiddenSize, parameterCount: model.parameterCount,
        heldOutAccuracy: model.accuracy(on: heldOut, hp))
}

/// Each kind of cell trained with the seeds `hp.seed + offset` for each
/// offset, all scored on one shared held-out set (`heldOutSequences(hp)`, of
/// the reader's seed), kind by kind. With `matchingParameters`, each
/// alternative gets the hidden size at which it has about as many
/// parameters as the LSTM of `hp.hiddenSize` units.
public func compareCells(
    _ hp: Hyperparameters, kinds: [CellKind] = CellKind.allCases, seedOffsets: [UInt64] = Array(0..<5),
    matchingParameters: Bool = false
) throws -> [CellResult] {
    let heldOut = heldOutSequences(hp)
    let lstmCount = CellKind.lstm.parameterCount(hp)
    var results: [CellResult] = []
    for kind in kinds {
        var sized = hp
        if matchingParameters { sized.hiddenSize = kind.hiddenSize(matching: lstmCount, hp) }
        for offset in seedOffsets {
            results.append(try cellResult(kind, seeded(sized, offset), heldOut: heldOut))
        }
    }
    return results
}
