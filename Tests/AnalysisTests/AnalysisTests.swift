import Batches
import Analysis
import Generator
import Model
import Parameters
import Training
import XCTest

/// The claims chapter 8 rests on: its shortcuts give the results of the runs
/// they stand for, and its windows into the model read the model the engine runs.
final class AnalysisTests: XCTestCase {
    func shortRun(_ steps: Int = 300) -> Hyperparameters {
        var hp = Hyperparameters()
        hp.trainingSteps = steps
        return hp
    }

    /// The study's clipped run forks from the last checkpoint before the
    /// first step the limit bites; that gives the run clipped from the start.
    func testTheClippedForkIsTheClippedRun() throws {
        let hp = shortRun(300)
        let unclipped = try TrainingRun(hp)
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

    /// p(random) after the whole sequence is the model's verdict on it.
    func testTheLastPrefixIsTheWholeSequence() throws {
        let hp = shortRun(100)
        let model = try train(hp).model
        let sequence = LabeledSequence(values: [7, 300, 12, 9000, 4, 51], label: 1)
        let verdicts = prefixVerdicts(model, sequence, hp)
        XCTAssertEqual(verdicts.count, 6)
        XCTAssertEqual(verdicts.last, Evaluation(model, [sequence], hp).pRandom[0])
    }

    /// Chapter 8's "the engine trains the model you read": the readable reference, trained
    /// with the same loss and Adam from the same start on the same batches, has the engine's
    /// losses step by step, to within the order of Float sums.
    func testTheReferenceTrainsAsTheEngineDoes() throws {
        var small = Hyperparameters()
        (small.hiddenSize, small.batchSize, small.learningRate, small.seed) = (5, 8, 0.01, 3)
        for hp in [Hyperparameters(), small] {
            let reference = referenceLosses(hp, steps: 10)
            let run = try TrainingRun(hp)
            try run.train(until: 10)
            XCTAssertEqual(reference.count, 10)
            for (step, (a, b)) in zip(reference, run.losses).enumerated() {
                XCTAssertEqual(a, b, accuracy: 1e-5 * abs(a), "step \(step + 1), H = \(hp.hiddenSize)")
            }
            // The losses move: the runs are training, not standing still.
            XCTAssertNotEqual(reference.first, reference.last)
        }
    }

    /// Every variant is judged on the held-out set it is given: the shared one, not its seed's own.
    func testASharedHeldOutSetIsTheOneUsed() throws {
        let hp = shortRun(20)
        var other = hp
        other.seed = 1
        let shared = heldOutSequences(hp)
        XCTAssertNotEqual(shared, heldOutSequences(other))
        let run = try TrainingRun(other)
        try run.train(until: 20)
        XCTAssertEqual(try finalHeldOut(other, heldOut: shared), Evaluation(run.model, shared, other).accuracy)
        XCTAssertEqual(
            try study(other, clipLimit: 1e9, heldOut: shared).final, Evaluation(run.model, shared, other).accuracy)
    }

    /// Chapter 8 trains its runs two at a time, one per core: each gives the bits it gives alone,
    /// the results come back in job order, and every job is reported done once.
    func testRunsTwoAtATimeAreTheRunsAlone() throws {
        let hps = (0..<5).map { seed -> Hyperparameters in
            var hp = shortRun(40)
            (hp.seed, hp.hiddenSize) = (UInt64(seed), seed == 2 ? 64 : 32)
            return hp
        }
        func weights(_ hp: Hyperparameters) throws -> [Float] {
            let run = try TrainingRun(hp)
            try run.train(until: hp.trainingSteps)
            return run.model.weights
        }
        var reported: [Int] = []
        let together = try twoAtATime(hps.count, { try weights(hps[$0]) }, done: { reported.append($0) })
        XCTAssertEqual(together, try hps.map(weights))
        XCTAssertEqual(reported.sorted(), Array(0..<hps.count))
    }

    /// A job that fails stops the others from starting, and its error is the one thrown.
    func testAFailingJobIsThrown() {
        struct Failed: Error, Equatable { var job: Int }
        XCTAssertThrowsError(
            try twoAtATime(
                50,
                { i -> Int in
                    if i == 3 { throw Failed(job: 3) }
                    return i
                })
        ) { XCTAssertEqual($0 as? Failed, Failed(job: 3)) }
    }

    func testTheRule() {
        XCTAssertTrue(ruleSaysLinear([4617, 4618, 4619, 4620, 4621]))
        XCTAssertFalse(ruleSaysLinear([4617, 4618, 4620, 4621, 4622]))
        XCTAssertFalse(ruleSaysLinear([5, 4, 3, 2, 1]))
    }
}
