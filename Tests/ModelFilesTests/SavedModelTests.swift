import Foundation
import Engine
import Model
import ModelFiles
import Parameters
import Safetensors
import Training
import TestSupport
import XCTest

/// Saving a model and loading it back, with the input handling it was trained with.
final class SavedModelTests: XCTestCase {
    func testKerasFileLoadsWithItsInputHandling() throws {
        let saved = try SavedModel(contentsOf: Fixtures.kerasWeights)
        XCTAssertEqual(saved.classNames, ["linear", "random"])
        XCTAssertEqual(saved.maxLength, 20)
        XCTAssertEqual(saved.maskValue, -1)
        XCTAssertEqual(saved.maxValue, 10_000)
        XCTAssertEqual(saved.model.layout, ParameterLayout(hiddenSize: 32, classCount: 2))
        let file = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
        for slice in saved.model.layout.tensors {
            XCTAssertEqual(saved.model.tensor(slice), file[slice.name]?.values, slice.name)
        }
    }

    /// Our file and Keras's agree key for key and value for value, so each reads the other's.
    func testSavingTheKerasModelGivesKerasFileBack() throws {
        let path = try temporaryFolder(self).appendingPathComponent("again.safetensors").path
        try SavedModel(contentsOf: Fixtures.kerasWeights).write(to: path)
        let ours = try SafetensorsFile(contentsOf: path)
        let keras = try SafetensorsFile(contentsOf: Fixtures.kerasWeights)
        XCTAssertEqual(ours.metadata, keras.metadata)
        XCTAssertEqual(Set(ours.tensors.map(\.name)), Set(keras.tensors.map(\.name)))
        for tensor in keras.tensors {
            XCTAssertEqual(ours[tensor.name], tensor, tensor.name)
        }
    }

    func testTrainSaveLoadGivesTheSameWeightsAndPredictionsBitForBit() throws {
        var hp = Hyperparameters()
        hp.trainingSteps = 20
        hp.batchSize = 16
        hp.shuffleBufferSize = 100
        hp.seed = 11
        let trained = try train(hp).model
        let path = try temporaryFolder(self).appendingPathComponent("trained.safetensors").path
        try SavedModel(trained, hp).write(to: path)
        let loaded = try SavedModel(contentsOf: path)

        XCTAssertEqual(loaded.model.layout, trained.layout)
        XCTAssertEqual(loaded.model.weights.map(\.bitPattern), trained.weights.map(\.bitPattern))
        XCTAssertEqual([loaded.maxLength, loaded.maxValue], [hp.maxLength, hp.maxValue])
        XCTAssertEqual(loaded.maskValue, hp.maskValue)

        let sequences = try Fixtures.kerasPredictionReference().sequences.map { $0.map(Double.init) }
        let before = Predictor(SavedModel(trained, hp)).predict(sequences)
        let after = Predictor(loaded).predict(sequences)
        XCTAssertEqual(
            after.map { $0.probabilities.map(\.bitPattern) }, before.map { $0.probabilities.map(\.bitPattern) })
        XCTAssertEqual(after.map(\.classIndex), before.map(\.classIndex))
    }

    func testNonIntegerMaskValueIsSavedSoThatItReadsBackExactly() throws {
        let keras = try SavedModel(contentsOf: Fixtures.kerasWeights)
        let odd = SavedModel(
            model: keras.model, classNames: keras.classNames, maxLength: 20, maskValue: -0.1,
            maxValue: 10_000)
        XCTAssertEqual(odd.file.metadata["mask_value"], "-0.1")
        let path = try temporaryFolder(self).appendingPathComponent("odd.safetensors").path
        try odd.write(to: path)
        XCTAssertEqual(try SavedModel(contentsOf: path).maskValue, Float(-0.1))
    }

    func testAPathThatCannotBeWrittenIsRefusedBeforeAnythingIsWritten() throws {
        let folder = try temporaryFolder(self)
        let cases: [(String, String)] = [
            (
                folder.appendingPathComponent("no/such/m.safetensors").path,
                "\(folder.path)/no/such/m.safetensors: cannot write: there is no folder \(folder.path)/no/such"
            ),
            (folder.path, "\(folder.path): cannot write: it is a folder")
        ]
        for (path, message) in cases {
            XCTAssertThrowsError(try SavedModel.checkWritable(path)) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
        XCTAssertNoThrow(try SavedModel.checkWritable(folder.appendingPathComponent("new.safetensors").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }
}
