import Batches
import Engine
import Generator
import Loss
import Model
import Parameters

/// A model's verdict on a list of sequences.
public struct Predictions {
    public var sequences: [LabeledSequence]
    /// The model's probability that each sequence is random (class 1).
    public var pRandom: [Double]
    /// The class each sequence is given: the larger logit (the first on a
    /// tie, as `accuracy` counts it).
    public var predicted: [Int]

    /// Runs `model` over `sequences` in chunks of 1,000 (a row's result does not
    /// depend on its chunk); with `masking: false`, padding and all (see `unmasked`).
    public init(_ model: LSTMClassifier, _ sequences: [LabeledSequence], _ hp: Hyperparameters, masking: Bool = true) {
        self.sequences = sequences
        pRandom = []
        predicted = []
        var start = 0
        while start < sequences.count {
            let chunk = Array(sequences[start..<min(start + 1000, sequences.count)])
            let batch = masking ? Batch(chunk, hp) : unmasked(Batch(chunk, hp))
            let logits = model.forward(batch)
            let probabilities = softmax(logits: logits, classCount: hp.classCount)
            for row in chunk.indices {
                pRandom.append(Double(probabilities[row * hp.classCount + 1]))
                predicted.append(logits[row * hp.classCount + 1] > logits[row * hp.classCount] ? 1 : 0)
            }
            start += chunk.count
        }
    }

    public var count: Int { sequences.count }

    /// Whether sequence `i` is classified correctly.
    public func isCorrect(_ i: Int) -> Bool { predicted[i] == sequences[i].label }

    /// The fraction classified correctly.
    public var accuracy: Double {
        count == 0 ? 0 : Double(sequences.indices.filter(isCorrect).count) / Double(count)
    }
}

/// Chapter 6's held-out set: `heldOutSize` sequences from the generator
/// that `heldOutAccuracy` draws from (the seed plus the same constant), so
/// that `Predictions(model, heldOutSet(hp), hp).accuracy` is the number
/// chapter 6 prints. A test keeps the two in step.
public func heldOutSet(_ hp: Hyperparameters) -> [LabeledSequence] {
    var source = ToySequences(hp, seed: hp.seed &+ 0x4E1D_0017)
    return (0..<hp.heldOutSize).map { _ in source.next() }
}

/// A validation set, for choosing among snapshots during training: 2,000
/// sequences from a stream of its own, independent of the training data
/// and of the held-out set, so that choosing on it does not flatter the
/// held-out number.
public func validationSet(_ hp: Hyperparameters, count: Int = 2000) -> [LabeledSequence] {
    var source = ToySequences(hp, seed: hp.seed &+ 0x0A11_DA7E)
    return (0..<count).map { _ in source.next() }
}
