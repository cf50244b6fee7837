import Parameters
import XCTest

final class HyperparameterTests: XCTestCase {
    func testDefaultsAreTheNotebooks() throws {
        let hp = Hyperparameters()
        try hp.validate()
        XCTAssertEqual(
            [
                hp.classCount, hp.maxLength, hp.minLength, hp.maxValue, hp.trainingSteps, hp.batchSize,
                hp.displayStep, hp.hiddenSize
            ], [2, 20, 5, 10_000, 2000, 64, 100, 32])
        XCTAssertEqual(hp.maskValue, -1)
        XCTAssertEqual(hp.learningRate, 0.001)
    }

    /// Each bad value is refused with a message that names the parameter and the valid range.
    func testOutOfRangeValuesAreRefusedByName() {
        let cases: [(String, (inout Hyperparameters) -> Void, String)] = [
            ("batchSize", { $0.batchSize = 0 }, "in 1...65536"),
            ("minLength", { $0.minLength = 21 }, "in 1...maxLength (20)"),
            ("maskValue", { $0.maskValue = 0.5 }, "outside 0..<1"),
            ("maskValue", { $0.maskValue = .nan }, "finite"),
            ("learningRate", { $0.learningRate = 0 }, "positive and finite"),
            ("learningRate", { $0.learningRate = -0.1 }, "positive and finite"),
            ("learningRate", { $0.learningRate = .infinity }, "positive and finite"),
            ("hiddenSize", { $0.hiddenSize = 0 }, "in 1...1024"),
            ("trainingSteps", { $0.trainingSteps = -1 }, "in 0...10000000"),
            ("maxValue", { $0.maxValue = 10 }, "in maxLength (20)...16777216")
        ]
        for (name, change, range) in cases {
            var hp = Hyperparameters()
            change(&hp)
            XCTAssertThrowsError(try hp.validate(), name) { error in
                let error = error as! HyperparameterError
                XCTAssertEqual(error.parameter, name)
                XCTAssert(error.description.hasPrefix("\(name) "), error.description)
                XCTAssert(error.description.contains(" is out of range: "), error.description)
                XCTAssert(error.description.contains(range), "\(error.description) lacks \(range)")
            }
        }
    }

    /// Each size in range, together needing about two terabytes: refused with the estimate.
    func testACombinationThatCannotFitInMemoryIsRefused() {
        var hp = Hyperparameters()
        (hp.batchSize, hp.maxLength, hp.hiddenSize) = (65_536, 1000, 1024)
        XCTAssertThrowsError(try hp.validate(memoryLimit: 16_000_000_000)) { error in
            XCTAssertEqual(
                "\(error)",
                "batchSize 65536 is out of range: batchSize must be smaller: with maxLength 1000 "
                    + "and hiddenSize 1024, training needs about 3.8 TB, more than this machine's 16 GB")
        }
        XCTAssertNoThrow(try Hyperparameters().validate(memoryLimit: 16_000_000_000))
        XCTAssertLessThan(Hyperparameters().memoryEstimate, 10_000_000, "the defaults need a few megabytes")
    }
}
