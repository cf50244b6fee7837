import Batches
import Generator
import Loss
import Engine
import Model
import Format
import Parameters

/// Accuracy on sequences the model never trained on.
///
/// The notebook only reports accuracy on training batches, which the model
/// has just been fitted to. Here `heldOutSize` fresh sequences come from a
/// generator with a seed of its own, a stream independent of the training
/// data, and they are scored in chunks. (Independent is not unseen: there
/// are only about 160,000 linear runs, so some also occur in training.)
// ANCHOR: held-out
public func heldOutAccuracy(_ model: LSTMClassifier, _ hp: Hyperparameters) -> Double {
    Evaluation(model, heldOutSequences(hp), hp).accuracy
}

/// `heldOutSize` sequences from a generator with a seed of its own.
public func heldOutSequences(_ hp: Hyperparameters) -> [LabeledSequence] {
    var source = ToySequences(hp, seed: hp.seed &+ 0x4E1D_0017)
    return (0..<hp.heldOutSize).map { _ in source.next() }
}
// ANCHOR_END: held-out

/// A model's verdict on a list of sequences: the one way this tutorial runs a
/// trained model over sequences with labels (held-out, validation, probes).
public struct Evaluation {
    public var sequences: [LabeledSequence]
    /// The model's probability that each sequence is random (class 1).
    public var pRandom: [Double]
    /// The class each sequence is given: the larger logit (the first on a
    /// tie, as `accuracy` counts it).
    public var predicted: [Int]

    /// Runs `model` over `sequences` in batches of 1,000; with `masking: false`,
    /// padding and all (see `unmasked`).
    public init(
        _ model: LSTMClassifier, _ sequences: [LabeledSequence], _ hp: Hyperparameters,
        masking: Bool = true
    ) {
        self.sequences = sequences
        let batches = stride(from: 0, to: sequences.count, by: 1000).map { start in
            let batch = Batch(Array(sequences[start..<min(start + 1000, sequences.count)]), hp)
            return masking ? batch : unmasked(batch)
        }
        let logits = model.logits(batches)
        let classes = hp.classCount
        let probabilities = softmax(logits: logits, classCount: classes)
        pRandom = sequences.indices.map { Double(probabilities[$0 * classes + 1]) }
        predicted = sequences.indices.map { argmax(logits[($0 * classes)..<(($0 + 1) * classes)]) }
    }

    public var count: Int { sequences.count }

    /// Whether sequence `i` is classified correctly.
    public func isCorrect(_ i: Int) -> Bool { predicted[i] == sequences[i].label }

    /// The fraction classified correctly.
    public var accuracy: Double {
        count == 0 ? 0 : Double(sequences.indices.filter(isCorrect).count) / Double(count)
    }
}

/// A validation set, for choosing among snapshots during training: 2,000
/// sequences from a stream of its own, independent of the training data
/// and of the held-out set, so that choosing on it does not flatter the
/// held-out number.
public func validationSet(_ hp: Hyperparameters, count: Int = 2000) -> [LabeledSequence] {
    var source = ToySequences(hp, seed: hp.seed &+ 0x0A11_DA7E)
    return (0..<count).map { _ in source.next() }
}

/// The last line of the training chapter: `held-out accuracy: 97.85% (10000 sequences)`.
public func heldOutLine(_ accuracy: Double, _ hp: Hyperparameters) -> String {
    "held-out accuracy: \(Format.percent(accuracy)) (\(hp.heldOutSize) sequences)"
}
