import Batches
import Analysis
import Generator
import Model
import Parameters
import Training
import XCTest

/// The claims chapter 8 rests on: its runs are chapter 6's runs, its
/// shortcuts give the results of the runs they stand for, and its windows
/// into the model read the model the engine runs.
final class AnalysisTests: XCTestCase {
    func shortRun(_ steps: Int = 300) -> Hyperparameters {
        var hp = Hyperparameters()
        hp.trainingSteps = steps
        return hp
    }

    /// `Run` with the default recipe trains the weights `train(hp)` trains, bit for bit.
    func testTheDefaultRecipeIsChapter6sTraining() throws {
        let hp = shortRun()
        let run = try Run(hp)
        try run.train(until: hp.trainingSteps)
        XCTAssertEqual(run.model.weights.map(\.bitPattern), try train(hp).model.weights.map(\.bitPattern))
    }

    /// The "500 steps" variant is read off a longer run: with a constant
    /// learning rate and the same data stream, the first N steps of a long
    /// run are a run of N steps.
    func testTheFirstStepsOfALongRunAreAShortRun() throws {
        let long = try Run(shortRun(300))
        try long.train(until: 120)
        let early = long.model.weights
        try long.train(until: 300)
        XCTAssertEqual(early.map(\.bitPattern), try train(shortRun(120)).model.weights.map(\.bitPattern))
    }

    /// A fork with the same recipe goes on exactly as the run it copies:
    /// the copy carries Adam's moments and the data stream, not only the weights.
    func testAForkContinuesTheRun() throws {
        let run = try Run(shortRun())
        try run.train(until: 100)
        let fork = run.fork(recipe: Recipe())
        try run.train(until: 200)
        try fork.train(until: 200)
        XCTAssertEqual(fork.model.weights.map(\.bitPattern), run.model.weights.map(\.bitPattern))
    }

    /// Lowering the learning rate late changes only the steps after `lateFromStep`.
    func testALateRateChangesOnlyTheLateSteps() throws {
        let hp = shortRun()
        let (plain, late) = (try Run(hp), try Run(hp, recipe: Recipe(lateLearningRate: hp.learningRate / 10,
                                                                      lateFromStep: 100)))
        for run in [plain, late] { try run.train(until: 100) }
        XCTAssertEqual(late.model.weights.map(\.bitPattern), plain.model.weights.map(\.bitPattern))
        for run in [plain, late] { try run.train(until: 101) }
        XCTAssertNotEqual(late.model.weights, plain.model.weights)
    }

    /// The study's clipped run forks from the last checkpoint before the
    /// first step the limit bites; that gives the run clipped from the start.
    func testTheClippedForkIsTheClippedRun() throws {
        let hp = shortRun(300)
        let unclipped = try Run(hp)
        try unclipped.train(until: 300)
        // A limit that first bites after step 150, between two checkpoints.
        let limit = unclipped.gradientNorms.prefix(150).max()!
        let firstClipped = try XCTUnwrap(unclipped.gradientNorms.firstIndex { $0 > limit }) + 1
        XCTAssertGreaterThan(firstClipped, 150)
        let result = try study(hp, clipLimit: limit)
        XCTAssertEqual(result.firstClippedStep, firstClipped)
        XCTAssertEqual(result.clippedHeldOut, try finalHeldOut(hp, recipe: Recipe(clipNorm: limit)))
        XCTAssertNotEqual(result.clippedHeldOut, result.final)
        XCTAssertEqual(result.final, try finalHeldOut(hp))
    }

    /// The held-out set is chapter 6's: the same accuracy to the last sequence.
    func testTheHeldOutSetIsChapter6s() throws {
        let hp = shortRun(200)
        let model = try train(hp).model
        XCTAssertEqual(Predictions(model, heldOutSet(hp), hp).accuracy, heldOutAccuracy(model, hp))
    }

    /// Masking off: each row runs all T steps on its padded values. A short
    /// sequence then gives other logits than with masking, while a sequence
    /// of length T, which has no padding, gives the same.
    func testMaskingOffFeedsThePadding() throws {
        let hp = shortRun(50)
        let model = try train(hp).model
        let short = LabeledSequence(values: [1, 2, 3, 4, 5], label: 0)
        let full = LabeledSequence(values: Array(100..<(100 + hp.maxLength)), label: 0)
        let masked = Predictions(model, [short, full], hp)
        let unmaskedPredictions = Predictions(model, [short, full], hp, masking: false)
        XCTAssertNotEqual(masked.pRandom[0], unmaskedPredictions.pRandom[0])
        XCTAssertEqual(masked.pRandom[1], unmaskedPredictions.pRandom[1])
        XCTAssertEqual(unmasked(Batch([short], hp)).lengths, [hp.maxLength])
    }

    /// The gates recomputed from the weights give back the engine's h:
    /// c_t = f·c_{t-1} + i·g and h_t = o·tanh(c_t) at every timestep.
    func testTheRecomputedGatesReproduceTheEnginesStates() throws {
        let hp = shortRun(100)
        let model = try train(hp).model
        var generator = ToySequences(hp, seed: 5)
        for _ in 0..<4 {
            let sequence = generator.next()
            let trace = CellTrace(model, sequence, hp)
            XCTAssertEqual(trace.hidden.count, sequence.values.count)
            var c = [Float](repeating: 0, count: hp.hiddenSize)
            for t in trace.hidden.indices {
                for k in c.indices {
                    c[k] = trace.forget[t][k] * c[k] + trace.input[t][k] * trace.candidate[t][k]
                    XCTAssertEqual(trace.output[t][k] * tanh(c[k]), trace.hidden[t][k], accuracy: 1e-5, "t=\(t) unit \(k)")
                }
            }
        }
    }

    /// p(random) after the whole sequence is the model's verdict on it.
    func testTheLastPrefixIsTheWholeSequence() throws {
        let hp = shortRun(100)
        let model = try train(hp).model
        let sequence = LabeledSequence(values: [7, 300, 12, 9000, 4, 51], label: 1)
        let verdicts = prefixVerdicts(model, sequence, hp)
        XCTAssertEqual(verdicts.count, 6)
        XCTAssertEqual(verdicts.last, Predictions(model, [sequence], hp).pRandom[0])
    }

    func testTheRule() {
        XCTAssertTrue(ruleSaysLinear([4617, 4618, 4619, 4620, 4621]))
        XCTAssertFalse(ruleSaysLinear([4617, 4618, 4620, 4621, 4622]))
        XCTAssertFalse(ruleSaysLinear([5, 4, 3, 2, 1]))
    }

    /// A clipped step moves Adam by a gradient of norm at most the limit.
    func testClippingScalesTheGradientToTheLimit() throws {
        let hp = shortRun(1)
        let (plain, clipped) = (try Run(hp), try Run(hp, recipe: Recipe(clipNorm: 1e-3)))
        for run in [plain, clipped] { try run.train(until: 1) }
        XCTAssertEqual(plain.gradientNorms, clipped.gradientNorms)  // measured before clipping
        XCTAssertGreaterThan(plain.gradientNorms[0], 1e-3)
        // The clipped gradient is the plain one scaled down to norm 1e-3.
        let scale = 1e-3 / plain.gradientNorms[0]
        XCTAssertEqual(globalNorm(clipped.model.gradients), 1e-3, accuracy: 1e-6)
        for (c, p) in zip(clipped.model.gradients, plain.model.gradients) { XCTAssertEqual(c, p * scale, accuracy: 1e-9) }
        XCTAssertEqual(globalNorm([3, 4]), 5)
    }
}
