import Generator
import NumericCore
import Parameters
import XCTest
@testable import Analysis

/// The probe families are what their names say, inside the value range, at any setting.
final class ProbeTests: XCTestCase {
    private func check(_ hp: Hyperparameters, file: StaticString = #filePath, line: UInt = #line) {
        let families = probeFamilies(hp, count: 200)
        XCTAssertEqual(
            families.map(\.name),
            [
                "+1 runs, as trained", "constant (+0)", "decreasing (-1)", "steps of +2",
                "steps of +10", "steps of +100", "+1 run, one value changed",
                "random, as trained"
            ], file: file, line: line)
        let steps = [1, 0, -1, 2, 10, 100]
        for (family, step) in zip(families, steps) {
            for sequence in family.sequences {
                XCTAssert(
                    (hp.minLength...hp.maxLength).contains(sequence.values.count), family.name, file: file, line: line)
                XCTAssert(
                    sequence.values.allSatisfy { (0..<hp.maxValue).contains($0) }, family.name, file: file, line: line)
                XCTAssert(
                    zip(sequence.values, sequence.values.dropFirst()).allSatisfy { $1 - $0 == step },
                    "\(family.name): \(sequence.values)", file: file, line: line)
                XCTAssertEqual(sequence.label, step == 1 || sequence.values.count == 1 ? 0 : 1, file: file, line: line)
            }
            if hp.minLength > 1 {
                XCTAssertEqual(
                    family.ruleSays, family.sequences.isEmpty ? "-" : step == 1 ? "linear" : "random",
                    file: file, line: line)
            }
        }
        for sequence in families[6].sequences {
            // Some start s puts every value but one at s + position (which one changed decides s).
            let values = sequence.values
            let starts = (0..<min(3, values.count)).map { values[$0] - $0 }
            XCTAssert(
                starts.contains { s in values.enumerated().filter { $0.element != s + $0.offset }.count == 1 },
                "\(values)", file: file, line: line)
            XCTAssertEqual(sequence.label, ruleSaysLinear(values) ? 0 : 1, file: file, line: line)
        }
        XCTAssert(families[7].sequences.allSatisfy { $0.label == 1 }, file: file, line: line)
    }

    func testTheFamiliesAreWhatTheirNamesSay() {
        check(Hyperparameters())
    }

    func testAtASmallRangeAFamilyThatCannotFitIsEmptyNotWrong() throws {
        var hp = Hyperparameters()
        (hp.minLength, hp.maxLength, hp.maxValue) = (3, 6, 50)
        check(hp)
        XCTAssertTrue(probeFamilies(hp, count: 50)[5].sequences.isEmpty, "no run stepping by 100 fits below 50")
        (hp.minLength, hp.maxLength, hp.maxValue) = (1, 1, 1)
        check(hp)
        XCTAssertTrue(
            probeFamilies(hp, count: 50)[6].sequences.isEmpty, "one value cannot be changed within a run of one")
        var random = Xoshiro256(seed: 1)
        XCTAssertNil(steppedRun(length: 2, step: 100, maxValue: 50, random: &random))
        XCTAssertEqual(steppedRun(length: 3, step: -20, maxValue: 41, random: &random), [40, 20, 0])
    }
}
