import Foundation
import Safetensors
import XCTest

/// The Keras reference files shipped with the tests.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras")
    static let kerasWeights = folder.appendingPathComponent("keras-lstm.safetensors").path
    static let kerasJSON = folder.appendingPathComponent("keras-lstm.json").path
    static let kerasPredictions = folder.appendingPathComponent("keras-lstm-predictions.json").path

    /// keras-lstm-predictions.json: raw sequences and Keras's probabilities [linear, random] for each.
    static func kerasPredictionReference() throws -> (sequences: [[Int]], probabilities: [[Float]]) {
        struct Reference: Decodable {
            var sequences: [[Int]]
            var probabilities: [[Float]]
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: kerasPredictions))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        return (reference.sequences, reference.probabilities)
    }
}

/// Writes `text` to a file called `name` in `folder` and returns its path.
func writeText(_ text: String, named name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// Sequences as `predict` reads them: one per line, values separated by ", ".
func sequenceLines(_ sequences: [[Int]]) -> String {
    sequences.map { $0.map(String.init).joined(separator: ", ") + "\n" }.joined()
}

/// Keras's weights file with `change` applied, written to `name` in `folder`: for making bad models on purpose.
func kerasVariant(named name: String, in folder: URL, _ change: (inout SafetensorsFile) -> Void) throws -> String {
    var file = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
    change(&file)
    let path = folder.appendingPathComponent(name).path
    try file.write(to: path)
    return path
}

/// The bytes of a safetensors file built by hand: `header` as given (not
/// padded), `data` after it, and the length field `headerLength` if given,
/// else the header's true length. For making broken files on purpose.
func rawFile(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let json = [UInt8](header.utf8)
    let length = headerLength ?? UInt64(json.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data
}

/// A fresh empty folder for one test, removed when the test ends.
func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("weights-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// Asserts that decoding `bytes` throws exactly `expected`, and shows the message.
func assertDecodingFails(_ bytes: [UInt8], with expected: SafetensorsError,
                         file: StaticString = #filePath, line: UInt = #line) {
    do {
        let decoded = try SafetensorsFile(decoding: bytes, path: "bad.safetensors")
        XCTFail("expected \(expected), but decoding gave \(decoded)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, "message: \(error)", file: file, line: line)
    }
}
