import Batches
import Generator
import Loss
import Engine
import Model

/// The notebook's `run_optimization`: forward, loss, backward, update.
// ANCHOR: optimization-step
public struct Optimizer {
    public let model: LSTMClassifier
    public var adam: Adam

    public init(model: LSTMClassifier, learningRate: Float) {
        self.model = model
        adam = Adam(parameterCount: model.parameterCount, learningRate: learningRate)
    }

    /// One step on one batch. Returns the loss and accuracy *before* the
    /// update, which come for free from the forward pass.
    @discardableResult
    public mutating func step(on batch: Batch) -> (loss: Float, accuracy: Float) {
        let result = computeGradients(on: batch)
        update()
        return result
    }

    /// Forward, loss, backward: the loss's gradients on `batch` into `model.gradients`.
    public func computeGradients(on batch: Batch) -> (loss: Float, accuracy: Float) {
        let classes = model.layout.classCount
        let logits = model.forward(batch)
        let (loss, dLogits) = softmaxCrossEntropy(
            logits: logits, labels: batch.labels, classCount: classes)
        model.zeroGradients()
        model.backward(dLogits)
        return (loss, accuracy(logits: logits, labels: batch.labels, classCount: classes))
    }

    /// Adam's update of the weights with the gradients in `model.gradients`.
    public mutating func update() {
        adam.update(&model.weights, gradients: model.gradients)
    }
}
// ANCHOR_END: optimization-step
