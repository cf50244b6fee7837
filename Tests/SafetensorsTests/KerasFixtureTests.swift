import Foundation
import Safetensors
import TestSupport
import XCTest

/// The weights file Keras's stack wrote (with the Python `safetensors`
/// library) reads with the names, shapes, values and metadata it was given.
final class KerasFixtureTests: XCTestCase {
    func testKerasFileHasItsFiveTensorsAndMetadata() throws {
        let file = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
        let shapes = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.shape) })
        XCTAssertEqual(
            shapes,
            [
                "lstm/kernel": [1, 128], "lstm/recurrent_kernel": [32, 128], "lstm/bias": [128],
                "dense/kernel": [32, 2], "dense/bias": [2]
            ])
        XCTAssertEqual(
            file.metadata,
            [
                "format": "keras-lstm-classifier", "units": "32", "seq_max_len": "20",
                "mask_value": "-1", "max_value": "10000", "classes": "linear,random"
            ])
    }

    /// The same weights are in keras-lstm.json as decimal floats; both were
    /// written from the same float32 arrays, so they agree exactly.
    func testKerasFileValuesMatchTheJSONReference() throws {
        let file = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.kerasJSON)))
        let weights = try XCTUnwrap((json as? [String: Any])?["weights"] as? [String: [String: Any]])
        XCTAssertEqual(weights.count, 5)
        for (name, reference) in weights {
            let shape = try XCTUnwrap(reference["shape"] as? [Int], name)
            let expected = try XCTUnwrap(reference["data"] as? [Double], name).map(Float.init)
            XCTAssertEqual(try file.values(of: name, shape: shape, path: "keras"), expected, name)
        }
    }

    func testAMissingTensorOrAWrongShapeIsAnErrorNamingTheFile() throws {
        let path = Fixtures.kerasWeights
        let file = try SafetensorsFile(contentsOf: path)
        XCTAssertThrowsError(try file.values(of: "lstm/peephole", shape: [32], path: path)) { error in
            XCTAssertEqual(error as? SafetensorsError, .missingTensor(path: path, tensor: "lstm/peephole"))
            XCTAssertEqual("\(error)", "\(path): no tensor \"lstm/peephole\"")
        }
        XCTAssertThrowsError(try file.values(of: "lstm/kernel", shape: [1, 256], path: path)) { error in
            XCTAssertEqual(
                error as? SafetensorsError,
                .wrongShape(path: path, tensor: "lstm/kernel", expected: [1, 256], found: [1, 128]))
            XCTAssertEqual("\(error)", "\(path): tensor \"lstm/kernel\" has shape [1, 128], expected [1, 256]")
        }
    }
}
