import Batches
import Generator
import Loss
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
    var source = ToySequences(hp, seed: hp.seed &+ 0x4E1D_0017)
    var correct = 0
    var remaining = hp.heldOutSize
    while remaining > 0 {
        let count = min(remaining, 1000)
        let batch = Batch((0..<count).map { _ in source.next() }, hp)
        let logits = model.forward(batch)
        correct += Int((accuracy(logits: logits, labels: batch.labels, classCount: hp.classCount)
                        * Float(count)).rounded())
        remaining -= count
    }
    return Double(correct) / Double(hp.heldOutSize)
}
// ANCHOR_END: held-out

/// The last line of the training chapter: `held-out accuracy: 97.85% (10000 sequences)`.
public func heldOutLine(_ accuracy: Double, _ hp: Hyperparameters) -> String {
    "held-out accuracy: \(Format.percent(accuracy)) (\(hp.heldOutSize) sequences)"
}
