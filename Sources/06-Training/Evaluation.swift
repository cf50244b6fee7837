import Batches
import Generator
import Loss
import Engine
import Model
import Notebook
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
    let sequences = heldOutSequences(hp)
    var correct = 0
    let size = hp.batchSize  // the training batch's size: its memory is reused
    for start in stride(from: 0, to: sequences.count, by: size) {
        let chunk = sequences[start..<min(start + size, sequences.count)]
        let batch = Batch(Array(chunk), hp)
        let logits = model.forward(batch)
        let fraction = accuracy(logits: logits, labels: batch.labels,
                                classCount: hp.classCount)
        correct += Int((fraction * Float(batch.count)).rounded())
    }
    return Double(correct) / Double(sequences.count)
}

/// `heldOutSize` sequences from a generator with a seed of its own.
public func heldOutSequences(_ hp: Hyperparameters) -> [LabeledSequence] {
    var source = ToySequences(hp, seed: hp.seed &+ 0x4E1D_0017)
    return (0..<hp.heldOutSize).map { _ in source.next() }
}
// ANCHOR_END: held-out

/// The last line of the training chapter: `held-out accuracy: 97.85% (10000 sequences)`.
public func heldOutLine(_ accuracy: Double, _ hp: Hyperparameters) -> String {
    "held-out accuracy: \(Format.percent(accuracy)) (\(hp.heldOutSize) sequences)"
}
