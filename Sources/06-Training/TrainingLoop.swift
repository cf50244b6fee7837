import Generator
import Loss
import Engine
import Model
import Notebook
import Optimization
import Parameters

/// A line of the training log, in the notebook's form:
/// `step: 100, loss: 0.664089, accuracy: 0.609375`.
public struct LogEntry: Equatable, Sendable {
    public var step: Int
    public var loss: Float
    public var accuracy: Float

    public var text: String {
        "step: \(step), loss: \(Format.fixed(loss)), accuracy: \(Format.fixed(accuracy))"
    }
}

/// Training stopped because the loss stopped being a number.
public struct NonFiniteLossError: Error, CustomStringConvertible {
    public var step: Int
    public var loss: Float
    public var description: String {
        "training diverged: the loss is \(loss.isNaN ? "NaN" : "\(loss)") at step \(step); try a smaller learningRate"
    }
}

/// What a training run leaves behind.
public struct TrainingRun {
    public let model: LSTMClassifier
    public var log: [LogEntry]
}

// ANCHOR: training-loop
/// The notebook's training loop: `trainingSteps` optimization steps on
/// batches from the input pipeline, with a log entry after step 1 and every
/// `displayStep` steps. Like the notebook, the logged loss and accuracy are
/// those of the updated model on the batch it just trained on.
public func train(
    _ hp: Hyperparameters, progress: ((StepProgress) -> Void)? = nil,
    onLog: (LogEntry) -> Void = { _ in }
) throws -> TrainingRun {
    try hp.validate()
    let model = LSTMClassifier(hp, seed: hp.seed)
    var optimizer = Optimizer(model: model, learningRate: hp.learningRate)
    let data = Prefetched(InputPipeline(hp, seed: hp.seed))
    var log: [LogEntry] = []
    // No steps at all when trainingSteps is 0.
    for step in stride(from: 1, through: hp.trainingSteps, by: 1) {
        let batch = data.nextBatch()
        let (loss, _) = optimizer.step(on: batch)
        guard loss.isFinite else { throw NonFiniteLossError(step: step, loss: loss) }
        if step == 1 || step % hp.displayStep == 0 {
            let logits = model.forward(batch)
            let (labels, classes) = (batch.labels, hp.classCount)
            let entry = LogEntry(
                step: step,
                loss: softmaxCrossEntropy(logits: logits, labels: labels,
                                          classCount: classes).loss,
                accuracy: accuracy(logits: logits, labels: labels, classCount: classes))
            guard entry.loss.isFinite else {
                throw NonFiniteLossError(step: step, loss: entry.loss)
            }
            log.append(entry)
            onLog(entry)
            progress?(StepProgress(step: step, totalSteps: hp.trainingSteps,
                                   loss: Double(entry.loss),
                                   accuracy: Double(entry.accuracy)))
        }
    }
    return TrainingRun(model: model, log: log)
}
// ANCHOR_END: training-loop
