import Dispatch
import NumericCore
import Engine
import Generator
import Model
import Parameters
import Training

/// One seed of the notebook's recipe, watched along the way.
///
/// The run is trained once, to `trainingSteps`, and read at checkpoints:
///
/// - every `displayStep` steps: the weights (a snapshot) and the accuracy on
///   the validation set, as a practitioner would watch it;
/// - at a quarter, a half and all of the steps: the held-out accuracy. With
///   a constant learning rate and the same data stream, the model after step
///   500 of a 2,000-step run *is* the model a 500-step run ends with (a test
///   checks it), so these are the "500 steps" and "1000 steps" variants, not
///   extra runs;
/// - every `displayStep / 10` steps over the last `2 · displayStep`: the
///   weights, to look closely at how a run ends.
///
/// Two remedies branch off the same run instead of starting again:
///
/// - "lower the rate late": at three quarters of the steps, a fork goes on
///   at a tenth of the learning rate. Until then it is the same run.
/// - "clip the gradient": clipping changes nothing while the gradient's norm
///   stays under the limit, so the clipped run is the same run until its
///   first step above the limit. It forks from the last checkpoint before
///   that step (a test checks this gives the clipped run bit for bit).
public struct SeedStudy: Sendable {
    public var seed: UInt64
    /// Held-out accuracy at a quarter, half and all of the steps.
    public var heldOut: [Int: Double] = [:]
    /// Validation accuracy at every checkpoint, in step order.
    public var validation: [Checkpoint] = []
    /// The weights at every checkpoint and at the close look at the end.
    public var snapshots: [Int: [Float]] = [:]
    /// The gradient's global norm at every step (index 0 is step 1).
    public var gradientNorms: [Float] = []
    /// The checkpoint with the best validation accuracy (the earliest on a tie).
    public var bestStep = 0
    /// The held-out accuracy of the weights at `bestStep`: "keep the best weights".
    public var bestHeldOut = 0.0
    /// Held-out accuracy when the last quarter of the steps runs at a tenth of the learning rate.
    public var lateDropHeldOut = 0.0
    /// Held-out accuracy when every gradient is clipped to `clipLimit`, and
    /// the first step the limit changed (nil if it never did).
    public var clippedHeldOut = 0.0
    public var firstClippedStep: Int? = nil

    /// The weights after the last step.
    public var finalWeights: [Float] = []

    /// The held-out accuracy after the last step (every study measures it).
    public var final: Double { heldOut.max { $0.key < $1.key }?.value ?? 0 }
}

public struct Checkpoint: Sendable {
    public var step: Int
    public var accuracy: Double
}

/// The steps at which a study reads the held-out accuracy: a quarter, a half and all of training
/// (fewer when they coincide, as with 1 step).
public func stepVariants(_ hp: Hyperparameters) -> [Int] {
    let steps = [hp.trainingSteps / 4, hp.trainingSteps / 2, hp.trainingSteps]
    return steps.enumerated().filter { !steps.prefix($0.offset).contains($0.element) }.map(\.element)
}

/// The study of the run `hp` describes. Every seed is judged on the same
/// `heldOut` and `validation` sequences (by default those of `hp`'s own seed),
/// so that two seeds' accuracies differ only by what training did.
public func study(
    _ hp: Hyperparameters, clipLimit: Float,
    heldOut: [LabeledSequence]? = nil, validation: [LabeledSequence]? = nil
) throws -> SeedStudy {
    let total = hp.trainingSteps
    let heldOutSteps = Set(stepVariants(hp))
    let forkStep = total * 3 / 4
    let checkpoints = Set(stride(from: hp.displayStep, through: total, by: hp.displayStep))
        .union(heldOutSteps).union([forkStep])
    let closeLook = Set(
        stride(from: max(1, total - 2 * hp.displayStep), through: total, by: max(1, hp.displayStep / 10)))
    let heldOut = heldOut ?? heldOutSequences(hp)
    let validationSequences = validation ?? validationSet(hp)

    let run = try TrainingRun(hp)
    var result = SeedStudy(seed: hp.seed)
    var late: TrainingRun?
    var beforeFirstClip = run.fork(recipe: Recipe(clipNorm: clipLimit))
    var best = Checkpoint(step: 0, accuracy: -1)
    for step in checkpoints.union(closeLook).sorted() {
        try run.train(until: step)
        result.snapshots[step] = run.model.weights
        if run.gradientNorms.allSatisfy({ $0 <= clipLimit }) {
            beforeFirstClip = run.fork(recipe: Recipe(clipNorm: clipLimit))
        }
        if step == forkStep {
            late = run.fork(recipe: Recipe(lateLearningRate: hp.learningRate / 10, lateFromStep: forkStep))
        }
        guard checkpoints.contains(step) else { continue }
        let accuracy = Evaluation(run.model, validationSequences, hp).accuracy
        result.validation.append(Checkpoint(step: step, accuracy: accuracy))
        if accuracy > best.accuracy { best = Checkpoint(step: step, accuracy: accuracy) }
        if heldOutSteps.contains(step) {
            result.heldOut[step] = Evaluation(run.model, heldOut, hp).accuracy
        }
    }
    result.gradientNorms = run.gradientNorms
    result.finalWeights = run.model.weights
    result.bestStep = best.step
    let bestWeights = result.snapshots[best.step] ?? result.finalWeights
    result.bestHeldOut = Evaluation(LSTMClassifier(hp, weights: bestWeights), heldOut, hp).accuracy
    if let late {
        try late.train(until: total)
        result.lateDropHeldOut = Evaluation(late.model, heldOut, hp).accuracy
    }
    result.firstClippedStep = run.gradientNorms.firstIndex { $0 > clipLimit }.map { $0 + 1 }
    if result.firstClippedStep == nil {
        result.clippedHeldOut = result.final  // the limit never bit: the clipped run is this run
    } else {
        try beforeFirstClip.train(until: total)
        result.clippedHeldOut = Evaluation(beforeFirstClip.model, heldOut, hp).accuracy
    }
    return result
}

/// The accuracy on `heldOut` (by default `hp`'s held-out set) of one full run with `hp` and `recipe`.
public func finalHeldOut(
    _ hp: Hyperparameters, recipe: Recipe = Recipe(), heldOut: [LabeledSequence]? = nil
) throws -> Double {
    let run = try TrainingRun(hp, recipe: recipe)
    try run.train(until: hp.trainingSteps)
    return Evaluation(run.model, heldOut ?? heldOutSequences(hp), hp, masking: recipe.masking).accuracy
}

/// `hp` with `offset` added to its seed: offset 0 is the reader's seed.
public func seeded(_ hp: Hyperparameters, _ offset: UInt64) -> Hyperparameters {
    var hp = hp
    hp.seed = hp.seed &+ offset
    return hp
}

/// Runs `count` independent jobs, two at a time, each on a core of its own, and
/// returns their results in job order; `done` is told after each job, one call
/// at a time. The second core's spinning thread is set aside meanwhile
/// (`SecondCore.setAside`), so each job computes on its own thread exactly what
/// it would alone: the same bits, in less time than one run after another on
/// both cores (a training run at the notebook's size is about 1.5 times faster
/// on two cores than on one; two runs at once, one per core, twice as fast).
/// The first error a job throws is thrown once both lanes have stopped.
public func twoAtATime<Result>(
    _ count: Int, _ job: (Int) throws -> Result, done: (Int) -> Void = { _ in }
) throws -> [Result] {
    let state = Lanes<Result>(count)
    let lanes = SecondCore.shared.hasSecondCore ? 2 : 1
    withoutActuallyEscaping(job) { job in
        withoutActuallyEscaping(done) { done in
            let shared = UnsafeSendable((job: job, done: done, state: state))
            SecondCore.shared.setAside {
                DispatchQueue.concurrentPerform(iterations: lanes) { _ in
                    let (job, done, state) = shared.value
                    while let index = state.nextIndex() {
                        do {
                            let result = try job(index)
                            state.locked {
                                state.results[index] = result
                                done(index)
                            }
                        } catch {
                            state.locked { if state.failure == nil { state.failure = error } }
                        }
                    }
                }
            }
        }
    }
    if let failure = state.failure { throw failure }
    return state.results.map { $0! }
}

/// What the two lanes of `twoAtATime` share, each access under its lock.
private final class Lanes<Result>: @unchecked Sendable {
    var results: [Result?]
    var failure: (any Error)?
    private var next = 0
    private let lock = DispatchSemaphore(value: 1)

    init(_ count: Int) { results = Array(repeating: nil, count: count) }

    func locked<T>(_ body: () -> T) -> T {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    /// The next job to run, or nil when all have been taken or one has failed.
    func nextIndex() -> Int? {
        locked {
            guard failure == nil, next < results.count else { return nil }
            next += 1
            return next - 1
        }
    }
}

/// The closures handed to both lanes of `twoAtATime`, which only call them
/// while `twoAtATime` waits for both lanes.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
