import Batches
import Engine
import Generator
import Loss
import Model
import Optimization
import Parameters

/// What a run changes in the notebook's recipe. `Recipe()` changes nothing:
/// a `Run` with it trains exactly the model chapter 6's `train(hp)` trains, bit for bit
/// (the analysis tests check it).
public struct Recipe: Equatable, Sendable {
    /// `false` feeds the padding to the LSTM as data: every batch claims all
    /// its sequences have length T, so the engine runs all T steps on each
    /// row, the `maskValue` inputs included, as Keras would without its
    /// Masking layer.
    public var masking = true
    /// When the gradient's global norm (over all of the model's parameters,
    /// 4,418 at the default sizes) exceeds this, the gradient is scaled down
    /// to this norm before Adam sees it.
    public var clipNorm: Float? = nil
    /// From step `lateFromStep + 1` on, Adam's learning rate is this.
    public var lateLearningRate: Float? = nil
    public var lateFromStep = 0

    public init(masking: Bool = true, clipNorm: Float? = nil,
                lateLearningRate: Float? = nil, lateFromStep: Int = 0) {
        (self.masking, self.clipNorm) = (masking, clipNorm)
        (self.lateLearningRate, self.lateFromStep) = (lateLearningRate, lateFromStep)
    }
}

/// A training run that can be paused, looked at, and forked.
///
/// Chapter 6's `train(hp)` runs all its steps and hands back the model. The
/// experiments of chapter 8 need more: the model after step 500 and after
/// step 1000 of the same run, the gradient's norm at every step, and a copy
/// of a run half-way through that continues with another learning rate. So
/// this is the same loop, one step at a time:
///
///     forward → loss → backward → (clip) → Adam
///
/// on the same batches from the same input pipeline, with the same weights
/// at the start. With the default `Recipe` it is the notebook's step.
public final class Run {
    public let hyperparameters: Hyperparameters
    public let recipe: Recipe
    public let model: LSTMClassifier
    /// How many updates have been applied.
    public private(set) var step = 0
    /// The gradient's global norm at every step so far, before any clipping.
    public private(set) var gradientNorms: [Float] = []
    private var optimizer: Optimizer
    private var data: InputPipeline

    public init(_ hp: Hyperparameters, recipe: Recipe = Recipe()) throws {
        try hp.validate()
        hyperparameters = hp
        self.recipe = recipe
        model = LSTMClassifier(hp, seed: hp.seed)
        optimizer = Optimizer(model: model, learningRate: hp.learningRate)
        data = InputPipeline(hp, seed: hp.seed)
    }

    /// A copy of this run as it stands (weights, Adam's moments and step
    /// count, the position in the data stream) that goes on with `recipe`.
    public func fork(recipe: Recipe) -> Run { Run(copying: self, recipe: recipe) }

    private init(copying other: Run, recipe: Recipe) {
        hyperparameters = other.hyperparameters
        self.recipe = recipe
        model = LSTMClassifier(layout: other.model.layout, weights: other.model.weights)
        optimizer = Optimizer(model: model, learningRate: other.optimizer.adam.learningRate)
        optimizer.adam = other.optimizer.adam
        data = other.data
        step = other.step
        gradientNorms = other.gradientNorms
    }

    // ANCHOR: run-step
    /// Trains until `step == target`.
    public func train(until target: Int) throws {
        let classes = hyperparameters.classCount
        while step < target {
            step += 1
            let batch = recipe.masking ? data.nextBatch() : unmasked(data.nextBatch())
            if let late = recipe.lateLearningRate, step > recipe.lateFromStep {
                optimizer.adam.learningRate = late
            }
            let logits = model.forward(batch)
            let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: classes)
            guard loss.isFinite else { throw RunDiverged(step: step, recipe: recipe) }
            model.zeroGradients()
            model.backward(dLogits)
            let norm = globalNorm(model.gradients)
            gradientNorms.append(norm)
            if let limit = recipe.clipNorm, norm > limit {
                let scale = limit / norm
                for i in model.gradients.indices { model.gradients[i] *= scale }
            }
            optimizer.adam.update(&model.weights, gradients: model.gradients)
        }
    }
    // ANCHOR_END: run-step
}

/// The batch as a model without masking sees it: every row T steps long,
/// the padding values fed in as if they were data.
public func unmasked(_ batch: Batch) -> Batch {
    Batch(inputs: batch.inputs, lengths: [Int](repeating: batch.maxLength, count: batch.count),
          labels: batch.labels, maxLength: batch.maxLength)
}

/// The Euclidean norm of all gradients taken together, as one vector.
public func globalNorm(_ gradients: [Float]) -> Float {
    var sum = 0.0
    for g in gradients { sum += Double(g) * Double(g) }
    return Float(sum.squareRoot())
}

/// A run whose loss stopped being a number.
public struct RunDiverged: Error, CustomStringConvertible {
    public var step: Int
    public var recipe: Recipe
    public var description: String { "the run diverged at step \(step) (\(recipe))" }
}
