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

    func testTheRule() {
        XCTAssertTrue(ruleSaysLinear([4617, 4618, 4619, 4620, 4621]))
        XCTAssertFalse(ruleSaysLinear([4617, 4618, 4620, 4621, 4622]))
        XCTAssertFalse(ruleSaysLinear([5, 4, 3, 2, 1]))
    }
}
