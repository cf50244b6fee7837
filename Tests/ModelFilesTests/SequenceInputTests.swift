import Foundation
import ModelFiles
import TestSupport
import XCTest

final class SequenceInputTests: XCTestCase {
    let input = SequenceInput(maxLength: 20, maxValue: 10_000)

    func testCommasSpacesAndBothSeparateValues() throws {
        let text = "4617,4618,4619\n4617 4618 4619\n 4617, 4618 ,\t4619 \r\n1 2,3\n"
        XCTAssertEqual(
            try input.parse(text, source: "seq.txt"),
            [[4617, 4618, 4619], [4617, 4618, 4619], [4617, 4618, 4619], [1, 2, 3]])
    }

    func testDecimalsAndTheEndsOfTheRangeAreAccepted() throws {
        XCTAssertEqual(try input.parse("0 9999.5 .5 12. 1e3 +7 -0", source: "s"), [[0, 9999.5, 0.5, 12, 1000, 7, 0]])
    }

    func testOneToMaxLengthValuesPerLine() throws {
        let twenty = (1...20).map(String.init).joined(separator: ",")
        XCTAssertEqual(try input.parse("5\n" + twenty, source: "s"), [[5], (1...20).map(Double.init)])
    }

    func testTheLastLineNeedsNoNewline() throws {
        XCTAssertEqual(try input.parse("1 2\n3 4", source: "s"), [[1, 2], [3, 4]])
    }

    func testEachBadLineIsAnErrorNamingTheFileAndLine() {
        let twentyOne = (1...21).map(String.init).joined(separator: " ")
        let cases: [(String, SequenceInputError.Problem, String)] = [
            ("1 2\n\n3", .noValues, "seq.txt:2: no values (each line must hold one sequence)"),
            ("1 2\n   \t\n", .noValues, "seq.txt:2: no values (each line must hold one sequence)"),
            ("1,,2", .missingValue, "seq.txt:1: missing value next to a comma"),
            ("1,2,", .missingValue, "seq.txt:1: missing value next to a comma"),
            (",", .missingValue, "seq.txt:1: missing value next to a comma"),
            ("1 two 3", .notANumber("two"), #"seq.txt:1: "two" is not a number"#),
            ("1 0x10", .notANumber("0x10"), #"seq.txt:1: "0x10" is not a number"#),
            ("1 1.2.3", .notANumber("1.2.3"), #"seq.txt:1: "1.2.3" is not a number"#),
            ("1 1e", .notANumber("1e"), #"seq.txt:1: "1e" is not a number"#),
            ("1 NaN", .notFinite("NaN"), #"seq.txt:1: "NaN" is not a finite number"#),
            ("-inf", .notFinite("-inf"), #"seq.txt:1: "-inf" is not a finite number"#),
            ("Infinity", .notFinite("Infinity"), #"seq.txt:1: "Infinity" is not a finite number"#),
            (
                "1 10000", .outOfRange("10000", limit: 10_000),
                "seq.txt:1: 10000 is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "1 10000.000", .outOfRange("10000.000", limit: 10_000),
                "seq.txt:1: 10000.000 is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "1e4", .outOfRange("1e4", limit: 10_000),
                "seq.txt:1: 1e4 is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "9999.99999999999999999999",
                .outOfRange("9999.99999999999999999999 (it rounds to 10000)", limit: 10_000),
                "seq.txt:1: 9999.99999999999999999999 (it rounds to 10000) is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "-1 2", .outOfRange("-1", limit: 10_000),
                "seq.txt:1: -1 is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "1e999", .outOfRange("1e999", limit: 10_000),
                "seq.txt:1: 1e999 is out of range (values must be at least 0 and below 10000)"
            ),
            (
                "1\n2\n" + twentyOne, .tooManyValues(count: 21, limit: 20),
                "seq.txt:3: 21 values, more than the model's 20"
            ),
            (
                twentyOne.replacingOccurrences(of: " 21", with: " abc"), .notANumber("abc"),
                #"seq.txt:1: "abc" is not a number"#
            )
        ]
        for (text, problem, message) in cases {
            XCTAssertThrowsError(try input.parse(text, source: "seq.txt"), text.debugDescription) { error in
                XCTAssertEqual((error as? SequenceInputError)?.problem, problem, text.debugDescription)
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testEmptyInputIsAnError() {
        for text in ["", "\n"] {
            XCTAssertThrowsError(try input.parse(text, source: "<stdin>")) { error in
                XCTAssertEqual(
                    "\(error)",
                    text.isEmpty
                        ? "<stdin>: no sequences (the input is empty)"
                        : "<stdin>:1: no values (each line must hold one sequence)")
            }
        }
    }

    func testReadingAFile() throws {
        let folder = try temporaryFolder(self)
        let read = { (path: String) in try Predictor.lines(weights: Fixtures.kerasWeights, input: path, format: .text) }
        let path = try writeText("1285, 1286, 1287\n", named: "seq.txt", in: folder)
        XCTAssertEqual(try read(path), ["linear  p(linear)=0.525106  p(random)=0.474894"])

        let missing = folder.appendingPathComponent("none.txt").path
        XCTAssertThrowsError(try read(missing)) { error in
            XCTAssertEqual("\(error)", "\(missing): no such file")
        }
        XCTAssertThrowsError(try read(folder.path)) { error in
            XCTAssertEqual("\(error)", "\(folder.path): it is a folder")
        }
        let binary = folder.appendingPathComponent("binary.txt").path
        try Data([0x31, 0x0A, 0x31, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: binary))
        XCTAssertThrowsError(try read(binary)) { error in
            XCTAssertEqual("\(error)", "\(binary):2: not UTF-8 text")
        }
    }

    /// The Keras reference sequences, written one per line, read back as they were.
    func testKerasReferenceSequencesReadBack() throws {
        let url = Fixtures.folder.appendingPathComponent("keras-lstm-predictions.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let sequences = try XCTUnwrap(json?["sequences"] as? [[Double]])
        let text = sequences.map { $0.map { String(Int($0)) }.joined(separator: ", ") }.joined(separator: "\n")
        XCTAssertEqual(try input.parse(text, source: "keras"), sequences)
    }
}
