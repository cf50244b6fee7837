import Analysis
import Batches
import Engine
import Generator
import Parameters
import Training
import XCTest

/// The plain RNN and the GRU trained beside the LSTM: on the LSTM's recipe
/// and data, the LSTM itself unchanged, scored as the LSTM is.
final class AlternativesTests: XCTestCase {
    func shortRun(_ steps: Int) -> Hyperparameters {
        var hp = Hyperparameters()
        hp.trainingSteps = steps
        hp.heldOutSize = 2000
        return hp
    }

    /// `.lstm` is the tutorial's own training run, bit for bit.
    func testTheLSTMIsTheTutorialsRun() throws {
        let hp = shortRun(60)
        let model = try trainCell(.lstm, hp)
        XCTAssertEqual(model.weights, try train(hp).model.weights)
        XCTAssertEqual(model.parameterCount, 4418)
        guard case .lstm(let lstm) = model else { return XCTFail("not an LSTM") }
        let heldOut = heldOutSequences(hp)
        XCTAssertEqual(model.accuracy(on: heldOut, hp), Evaluation(lstm, heldOut, hp).accuracy)
    }

    /// 800 steps take both alternatives well above chance on
    /// sequences they never trained on, from the 50% or so they start at.
    func testTheAlternativesLearnTheTask() throws {
        let heldOut = heldOutSequences(shortRun(0))
        for kind in [CellKind.plainRNN, .gru] {
            let untrained = try trainCell(kind, shortRun(0)).accuracy(on: heldOut, shortRun(0))
            let trained = try trainCell(kind, shortRun(800)).accuracy(on: heldOut, shortRun(800))
            XCTAssertLessThan(untrained, 0.6, "\(kind.name) before training")
            XCTAssertGreaterThan(trained, 0.95, "\(kind.name) after 800 steps")
        }
    }

    /// The same seed gives the same weights, bit for bit; another seed, other weights.
    func testTrainingIsReproducible() throws {
        for kind in [CellKind.plainRNN, .gru] {
            let hp = shortRun(40)
            let first = try trainCell(kind, hp).weights
            XCTAssertEqual(first.map(\.bitPattern), try trainCell(kind, hp).weights.map(\.bitPattern))
            var other = hp
            other.seed = 1
            XCTAssertNotEqual(first, try trainCell(kind, other).weights)
            // 40 steps moved every tensor away from its start.
            let start = CellClassifier(kind.recurrentCell!, hp, seed: hp.seed)
            for slice in start.layout.tensors {
                XCTAssertNotEqual(Array(first[slice.range]), start.tensor(slice), "\(kind.name) \(slice.name)")
            }
        }
    }

    /// The accuracy over many sequences, in batches of 1,000, is the
    /// fraction of them each classified alone classifies correctly.
    func testAccuracyIsThatOfEachSequenceAlone() throws {
        var hp = shortRun(100)
        hp.heldOutSize = 1100  // two batches, the second partly filled
        let heldOut = heldOutSequences(hp)
        let model = try trainCell(.gru, hp)
        guard case .alternative(let gru) = model else { return XCTFail("not an alternative") }
        let correct = heldOut.filter { sequence in
            let logits = gru.forward(Batch([sequence], hp))
            return (logits[1] > logits[0] ? 1 : 0) == sequence.label
        }
        XCTAssertEqual(model.accuracy(on: heldOut, hp), Double(correct.count) / Double(heldOut.count))
    }

    /// The parameter counts, and the sizes at which the alternatives have as
    /// many parameters as the LSTM of 32 units.
    func testParameterCounts() {
        let hp = Hyperparameters()
        XCTAssertEqual(CellKind.allCases.map { $0.parameterCount(hp) }, [4418, 1154, 3426])
        let lstm = CellKind.lstm.parameterCount(hp)
        XCTAssertEqual(CellKind.lstm.hiddenSize(matching: lstm, hp), 32)
        XCTAssertEqual(CellKind.plainRNN.hiddenSize(matching: lstm, hp), 64)  // 4,354 parameters
        XCTAssertEqual(CellKind.gru.hiddenSize(matching: lstm, hp), 37)  // 4,516 (36 would have 4,286)
    }

    /// The comparison trains each kind with each seed and scores every run on
    /// the reader's held-out set; matched, the sizes give the LSTM's count.
    func testTheComparisonScoresEveryRunOnOneSet() throws {
        var hp = shortRun(30)
        hp.heldOutSize = 500
        let results = try compareCells(hp, kinds: [.plainRNN, .gru], seedOffsets: [0, 3], matchingParameters: true)
        XCTAssertEqual(results.map(\.kind), [.plainRNN, .plainRNN, .gru, .gru])
        XCTAssertEqual(results.map(\.seed), [0, 3, 0, 3])
        XCTAssertEqual(results.map(\.hiddenSize), [64, 64, 37, 37])
        XCTAssertEqual(results.map(\.parameterCount), [4354, 4354, 4516, 4516])
        var seed3 = hp
        (seed3.seed, seed3.hiddenSize) = (3, 37)
        let alone = try trainCell(.gru, seed3).accuracy(on: heldOutSequences(hp), seed3)
        XCTAssertEqual(results[3].heldOutAccuracy, alone)
    }
}
