import Batches
import Engine
import Generator
import Loss
import Model
import Optimization
import Parameters

// ANCHOR: reference-run
/// The readable model trained as the engine trains: chapter 3's
/// `ReferenceModel` (one sequence at a time, plain loops) for the forward and
/// backward passes, chapter 4's loss and chapter 5's Adam, from the weights
/// `TrainingRun(hp)` starts with and on the same batches. Returns the loss of
/// each of the first `steps` steps, as `TrainingRun.losses` records them.
public func referenceLosses(_ hp: Hyperparameters, steps: Int) -> [Float] {
    let layout = ParameterLayout(hp)
    var weights = LSTMClassifier(hp, seed: hp.seed).weights
    var adam = Adam(parameterCount: weights.count, learningRate: hp.learningRate)
    var batches = InputPipeline(hp, seed: hp.seed)
    var losses: [Float] = []
    for _ in 0..<steps {
        let batch = batches.nextBatch()
        let w = ModelWeights<Float>(weights, layout)
        let logits = ReferenceModel.logits(batch, maskValue: hp.maskValue, w)
        let classes = hp.classCount
        let (loss, dLogits) = softmaxCrossEntropy(
            logits: logits.flatMap { $0 }, labels: batch.labels, classCount: classes)
        let perSequence = (0..<batch.count).map {
            Array(dLogits[($0 * classes)..<(($0 + 1) * classes)])
        }
        let gradients = ReferenceModel.gradients(
            batch, maskValue: hp.maskValue, w, dLogits: perSequence)
        adam.update(&weights, gradients: gradients.tensors.flatMap { $0 })
        losses.append(loss)
    }
    return losses
}
// ANCHOR_END: reference-run
