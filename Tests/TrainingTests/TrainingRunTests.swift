import Batches
import Generator
import Parameters
import Training
import XCTest

/// A training run one step at a time: the loop `train(hp)` runs, paused, forked and changed by a recipe.
final class TrainingRunTests: XCTestCase {
    func shortRun(_ steps: Int = 300) -> Hyperparameters {
        var hp = Hyperparameters()
        hp.trainingSteps = steps
        return hp
    }

    /// A `TrainingRun` stepped by hand, with the default recipe, trains the weights `train(hp)` trains, bit for bit.
    func testTheDefaultRecipeIsChapter6sTraining() throws {
        let hp = shortRun()
        let run = try TrainingRun(hp)
        try run.train(until: hp.trainingSteps)
        XCTAssertEqual(run.model.weights.map(\.bitPattern), try train(hp).model.weights.map(\.bitPattern))
    }

    /// The "500 steps" variant is read off a longer run: with a constant
    /// learning rate and the same data stream, the first N steps of a long
    /// run are a run of N steps.
    func testTheFirstStepsOfALongRunAreAShortRun() throws {
        let long = try TrainingRun(shortRun(300))
        try long.train(until: 120)
        let early = long.model.weights
        try long.train(until: 300)
        XCTAssertEqual(early.map(\.bitPattern), try train(shortRun(120)).model.weights.map(\.bitPattern))
    }

    /// A fork with the same recipe goes on exactly as the run it copies:
    /// the copy carries Adam's moments and the data stream, not only the weights.
    func testAForkContinuesTheRun() throws {
        let run = try TrainingRun(shortRun())
        try run.train(until: 100)
        let fork = run.fork(recipe: Recipe())
        try run.train(until: 200)
        try fork.train(until: 200)
        XCTAssertEqual(fork.model.weights.map(\.bitPattern), run.model.weights.map(\.bitPattern))
    }

    /// Lowering the learning rate late changes only the steps after `lateFromStep`.
    func testALateRateChangesOnlyTheLateSteps() throws {
        let hp = shortRun()
        let (plain, late) = (
            try TrainingRun(hp),
            try TrainingRun(
                hp,
                recipe: Recipe(
                    lateLearningRate: hp.learningRate / 10,
                    lateFromStep: 100))
        )
        for run in [plain, late] { try run.train(until: 100) }
        XCTAssertEqual(late.model.weights.map(\.bitPattern), plain.model.weights.map(\.bitPattern))
        for run in [plain, late] { try run.train(until: 101) }
        XCTAssertNotEqual(late.model.weights, plain.model.weights)
    }

    /// Masking off: each row runs all T steps on its padded values. A short
    /// sequence then gives other logits than with masking, while a sequence
    /// of length T, which has no padding, gives the same.
    func testMaskingOffFeedsThePadding() throws {
        let hp = shortRun(50)
        let model = try train(hp).model
        let short = LabeledSequence(values: [1, 2, 3, 4, 5], label: 0)
        let full = LabeledSequence(values: Array(100..<(100 + hp.maxLength)), label: 0)
        let masked = Evaluation(model, [short, full], hp)
        let unmaskedPredictions = Evaluation(model, [short, full], hp, masking: false)
        XCTAssertNotEqual(masked.pRandom[0], unmaskedPredictions.pRandom[0])
        XCTAssertEqual(masked.pRandom[1], unmaskedPredictions.pRandom[1])
        XCTAssertEqual(unmasked(Batch([short], hp)).lengths, [hp.maxLength])
    }

    /// A clipped step moves Adam by a gradient of norm at most the limit.
    func testClippingScalesTheGradientToTheLimit() throws {
        let hp = shortRun(1)
        let (plain, clipped) = (try TrainingRun(hp), try TrainingRun(hp, recipe: Recipe(clipNorm: 1e-3)))
        for run in [plain, clipped] { try run.train(until: 1) }
        XCTAssertEqual(plain.gradientNorms, clipped.gradientNorms)  // measured before clipping
        XCTAssertGreaterThan(plain.gradientNorms[0], 1e-3)
        // The clipped gradient is the plain one scaled down to norm 1e-3.
        let scale = 1e-3 / plain.gradientNorms[0]
        XCTAssertEqual(globalNorm(clipped.model.gradients), 1e-3, accuracy: 1e-6)
        for (c, p) in zip(clipped.model.gradients, plain.model.gradients) {
            XCTAssertEqual(c, p * scale, accuracy: 1e-9)
        }
        XCTAssertEqual(globalNorm([3, 4]), 5)
    }

    /// A recipe with `sgdMomentum` updates the weights by gradient descent, w − lr·g on the first
    /// step, where Adam would move every weight by about lr; it records the losses as Adam's does.
    func testGradientDescentStepsByTheGradient() throws {
        var hp = Hyperparameters()
        hp.learningRate = 0.5
        let (sgd, adam) = (try TrainingRun(hp, recipe: Recipe(sgdMomentum: 0)), try TrainingRun(hp))
        let start = sgd.model.weights
        try sgd.step()
        try adam.step()
        XCTAssertEqual(sgd.losses, adam.losses)
        // The gradients of step 1 are the same for both (same weights, same batch).
        for i in start.indices {
            XCTAssertEqual(sgd.model.weights[i], start[i] - 0.5 * sgd.model.gradients[i], "weight \(i)")
        }
        XCTAssertNotEqual(sgd.model.weights, adam.model.weights)
        XCTAssertEqual(sgd.losses.count, 1)
    }
}
