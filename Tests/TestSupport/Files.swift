import Foundation
import Safetensors
import XCTest

/// The Keras reference files shipped with the tests, in `Tests/Fixtures/keras`.
public enum Fixtures {
    public static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras")
    public static let kerasWeights = folder.appendingPathComponent("keras-lstm.safetensors").path
    public static let kerasJSON = folder.appendingPathComponent("keras-lstm.json").path
    public static let kerasPredictions = folder.appendingPathComponent("keras-lstm-predictions.json").path

    /// keras-lstm-predictions.json: raw sequences and Keras's probabilities [linear, random] for each.
    public static func kerasPredictionReference() throws -> (sequences: [[Int]], probabilities: [[Float]]) {
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
public func writeText(_ text: String, named name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// Sequences as `predict` reads them: one per line, values separated by ", ".
public func sequenceLines(_ sequences: [[Int]]) -> String {
    sequences.map { $0.map(String.init).joined(separator: ", ") + "\n" }.joined()
}

/// Keras's weights file with `change` applied, written to `name` in `folder`: for making bad models on purpose.
public func kerasVariant(named name: String, in folder: URL, _ change: (inout SafetensorsFile) -> Void) throws -> String
{
    var file = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
    change(&file)
    let path = folder.appendingPathComponent(name).path
    try file.write(to: path)
    return path
}

/// A fresh empty folder for one test, removed when the test ends.
public func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("weights-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}
