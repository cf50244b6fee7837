import Parameters
import Training
import XCTest

final class TrainingTests: XCTestCase {
    func testTheSameSeedGivesBitIdenticalLogs() throws {
        var hp = Hyperparameters()
        hp.trainingSteps = 300
        let first = try train(hp).log
        let second = try train(hp).log
        XCTAssertEqual(first.map { $0.loss.bitPattern }, second.map { $0.loss.bitPattern })
        XCTAssertEqual(first.map(\.text), second.map(\.text))
        hp.seed = 1
        XCTAssertNotEqual(try train(hp).log.map(\.text), first.map(\.text))
    }

    func testLogHasTheNotebooksForm() throws {
        var hp = Hyperparameters()
        hp.trainingSteps = 200
        let log = try train(hp).log
        XCTAssertEqual(log.map(\.step), [1, 100, 200])
        let pattern = #/step: \d+, loss: \d+\.\d{6}, accuracy: \d\.\d{6}/#
        for entry in log { XCTAssertNotNil(try pattern.wholeMatch(in: entry.text), entry.text) }
    }

    // The full default run's held-out accuracy (at least 97%) is checked on the
    // book's own run, shared by the chapter doc tests: ChapterSnippetTests in RunnerTests.

    func testADivergingRunStopsAndNamesTheStep() {
        var hp = Hyperparameters()
        hp.learningRate = 3e38  // valid, but one Adam step moves every weight by about this much
        hp.trainingSteps = 50
        XCTAssertThrowsError(try train(hp)) { error in
            guard let error = error as? TrainingDiverged else { return XCTFail("\(error)") }
            XCTAssert((1...5).contains(error.step), "\(error)")
            XCTAssert(error.description.contains("at step \(error.step)"), error.description)
        }
    }
}
