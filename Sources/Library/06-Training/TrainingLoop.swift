import Batches
import Engine
import Format
import Generator
import Loss
import Model
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
public struct TrainingDiverged: Error, CustomStringConvertible {
    public var step: Int
    public var loss: Float
    public var description: String {
        "training diverged: the loss is \(loss.isNaN ? "NaN" : "\(loss)") at step \(step); try a smaller learningRate"
    }
}

// ANCHOR: training-loop
/// The notebook's training loop: `trainingSteps` optimization steps on
/// batches from the input pipeline, with a log entry after step 1 and every
/// `displayStep` steps. Like the notebook, the logged loss and accuracy are
/// those of the updated model on the batch it just trained on.
public func train(
    _ hp: Hyperparameters, onLog: (LogEntry) -> Void = { _ in }
) throws -> TrainingRun {
    let run = try TrainingRun(hp)
    // No steps at all when trainingSteps is 0.
    for step in stride(from: 1, through: hp.trainingSteps, by: 1) {
        let batch = try run.step()
        if step == 1 || step % hp.displayStep == 0 {
            let logits = run.model.forward(batch)
            let (labels, classes) = (batch.labels, hp.classCount)
            let entry = LogEntry(
                step: step,
                loss: softmaxCrossEntropy(
                    logits: logits, labels: labels,
                    classCount: classes
                ).loss,
                accuracy: accuracy(logits: logits, labels: labels, classCount: classes))
            guard entry.loss.isFinite else {
                throw TrainingDiverged(step: step, loss: entry.loss)
            }
            run.log.append(entry)
            onLog(entry)
        }
    }
    return run
}
// ANCHOR_END: training-loop

/// What a run changes in the notebook's recipe. `Recipe()` changes nothing:
/// it is the notebook's step, and `train(hp)` uses it.
public struct Recipe: Equatable, Sendable {
    /// `false` feeds the padding to the LSTM as data: every batch claims all
    /// its sequences have length T, so the engine runs all T steps on each
    /// row, the `maskValue` inputs included, as Keras would without its
    /// Masking layer.
    public var masking = true
    /// When the gradient's global norm (over all of the model's parameters)
    /// exceeds this, the gradient is scaled down to this norm before Adam sees it.
    public var clipNorm: Float? = nil
    /// From step `lateFromStep + 1` on, Adam's learning rate is this.
    public var lateLearningRate: Float? = nil
    public var lateFromStep = 0
    /// `nil` updates the weights with Adam, as the notebook does; a number
    /// updates them with stochastic gradient descent (`SGD`) with this
    /// momentum (0: plain gradient descent), at the same learning rate.
    public var sgdMomentum: Float? = nil
    /// Trains on data whose random class is half near misses (constant,
    /// decreasing, other steps, a +1 run with one value changed) instead of
    /// the notebook's data.
    public var nearMisses = false

    public init(
        masking: Bool = true, clipNorm: Float? = nil,
        lateLearningRate: Float? = nil, lateFromStep: Int = 0, sgdMomentum: Float? = nil,
        nearMisses: Bool = false
    ) {
        (self.masking, self.clipNorm) = (masking, clipNorm)
        (self.lateLearningRate, self.lateFromStep) = (lateLearningRate, lateFromStep)
        (self.sgdMomentum, self.nearMisses) = (sgdMomentum, nearMisses)
    }
}

/// A training run, one step at a time: the loop `train(hp)` runs to the end,
/// and that chapter 8 pauses, reads and forks.
///
/// Each step is the notebook's `run_optimization` (chapter 5's `Optimizer`)
/// on the next batch of the input pipeline, from the weights every run starts
/// with. A `Recipe` can change the step: no masking, a clipped gradient, a
/// lower learning rate late in the run. A fork is a copy of the run as it
/// stands that goes on with another recipe.
public final class TrainingRun {
    public let hyperparameters: Hyperparameters
    public let recipe: Recipe
    public let model: LSTMClassifier
    /// How many updates have been applied.
    public private(set) var stepsDone = 0
    /// The gradient's global norm at every step so far, before any clipping (index 0 is step 1).
    public private(set) var gradientNorms: [Float] = []
    /// The loss at every step so far, on the step's batch before its update (index 0 is step 1).
    public private(set) var losses: [Float] = []
    /// The log `train(hp)` kept: step 1 and every `displayStep` steps.
    public var log: [LogEntry] = []
    private var optimizer: Optimizer
    /// Gradient descent instead of Adam, when the recipe asks for it.
    private var sgd: SGD?
    /// The batches, each made on the second core while the model trains on the one before.
    private let data: Prefetched

    public init(_ hp: Hyperparameters, recipe: Recipe = Recipe()) throws {
        try hp.validate()
        hyperparameters = hp
        self.recipe = recipe
        model = LSTMClassifier(hp, seed: hp.seed)
        optimizer = Optimizer(model: model, learningRate: hp.learningRate)
        sgd = recipe.sgdMomentum.map { [model] in
            SGD(parameterCount: model.parameterCount, learningRate: hp.learningRate, momentum: $0)
        }
        data = Prefetched(InputPipeline(hp, seed: hp.seed, nearMisses: recipe.nearMisses))
    }

    /// A copy of this run as it stands (weights, Adam's moments and step
    /// count, the position in the data stream) that goes on with `recipe`.
    public func fork(recipe: Recipe) -> TrainingRun { TrainingRun(copying: self, recipe: recipe) }

    private init(copying other: TrainingRun, recipe: Recipe) {
        hyperparameters = other.hyperparameters
        self.recipe = recipe
        model = LSTMClassifier(layout: other.model.layout, weights: other.model.weights)
        optimizer = Optimizer(model: model, learningRate: other.optimizer.adam.learningRate)
        optimizer.adam = other.optimizer.adam
        sgd = other.sgd
        data = other.data.copy()
        stepsDone = other.stepsDone
        gradientNorms = other.gradientNorms
        losses = other.losses
        log = other.log
    }

    // ANCHOR: run-step
    /// One optimization step on the next batch; returns the batch.
    @discardableResult
    public func step() throws -> Batch {
        stepsDone += 1
        let batch = recipe.masking ? data.nextBatch() : unmasked(data.nextBatch())
        if let late = recipe.lateLearningRate, stepsDone > recipe.lateFromStep {
            optimizer.adam.learningRate = late
            sgd?.learningRate = late
        }
        let loss = optimizer.computeGradients(on: batch).loss
        guard loss.isFinite else { throw TrainingDiverged(step: stepsDone, loss: loss) }
        losses.append(loss)
        let norm = globalNorm(model.gradients)
        gradientNorms.append(norm)
        if let limit = recipe.clipNorm, norm > limit {
            let scale = limit / norm
            for i in model.gradients.indices { model.gradients[i] *= scale }
        }
        if sgd != nil {
            sgd!.update(&model.weights, gradients: model.gradients)
        } else {
            optimizer.update()
        }
        return batch
    }
    // ANCHOR_END: run-step

    /// Trains until `stepsDone == target`.
    public func train(until target: Int) throws {
        while stepsDone < target { try step() }
    }
}

/// The batch as a model without masking sees it: every row T steps long,
/// the padding values fed in as if they were data.
public func unmasked(_ batch: Batch) -> Batch {
    Batch(
        inputs: batch.inputs, lengths: [Int](repeating: batch.maxLength, count: batch.count),
        labels: batch.labels, maxLength: batch.maxLength)
}

/// The Euclidean norm of all gradients taken together, as one vector.
public func globalNorm(_ gradients: [Float]) -> Float {
    var sum = 0.0
    for g in gradients { sum += Double(g) * Double(g) }
    return Float(sum.squareRoot())
}
